// POST /v1/auth/revoke: RFC 7009 token revocation; server.ts answers it first.
import { oauthRoute } from "@/lib/oauth/web-adapter";
import { handleRevocationRequest } from "@/lib/oauth/revocation-endpoint";

export const dynamic = "force-dynamic";

const handler = oauthRoute((request) => handleRevocationRequest(request));
export { handler as POST, handler as GET, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
