// GET /.well-known/oauth-authorization-server: RFC 8414 metadata; server.ts answers it first.
import { oauthRoute } from "@/lib/oauth/web-adapter";
import { handleMetadataRequest } from "@/lib/oauth/discovery";

export const dynamic = "force-dynamic";

const handler = oauthRoute((request) => handleMetadataRequest(request));
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
