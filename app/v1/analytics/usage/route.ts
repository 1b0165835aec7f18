// GET /v1/analytics/usage: requests and token issuances per key and UTC day (read:analytics).
// Guarded by lib/api/guard.ts; server.ts answers it first on its fast path.
import { apiRoute } from "@/lib/api/web-route";

export const dynamic = "force-dynamic";

// Every method reaches the dispatcher, which answers unsupported ones with 405 and Allow.
export { apiRoute as GET, apiRoute as POST, apiRoute as PATCH, apiRoute as PUT, apiRoute as DELETE };
