// GET /.well-known/jwks.json: the public signing keys (RFC 7517); server.ts answers it first.
import { oauthRoute } from "@/lib/oauth/web-adapter";
import { handleJwksRequest } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

const handler = oauthRoute((request) => handleJwksRequest(request));
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
