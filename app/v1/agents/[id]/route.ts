// GET/PATCH/DELETE /v1/agents/{id}: read (read:agents), update and delete (write:agents) one agent. Guarded by lib/api/guard.ts; server.ts answers it first on its fast path.
import { apiRoute } from "@/lib/api/web-route";

export const dynamic = "force-dynamic";

// Every method reaches the dispatcher, which answers unsupported ones with 405 and Allow.
export { apiRoute as GET, apiRoute as POST, apiRoute as PATCH, apiRoute as PUT, apiRoute as DELETE };
