// POST /v1/auth/token: client credentials grant (RFC 6749 §4.4); server.ts answers it first.
import { oauthRoute } from "@/lib/oauth/web-adapter";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";

export const dynamic = "force-dynamic";

const handler = oauthRoute((request) => handleTokenRequest(request));
// Every method reaches the handler, which answers anything but POST with 405 and `Allow: POST`.
export { handler as POST, handler as GET, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
