// POST /v1/auth/introspect: RFC 7662 token introspection; server.ts answers it first.
import { oauthRoute } from "@/lib/oauth/web-adapter";
import { handleIntrospectionRequest } from "@/lib/oauth/introspection-endpoint";

export const dynamic = "force-dynamic";

const handler = oauthRoute((request) => handleIntrospectionRequest(request));
export { handler as POST, handler as GET, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
