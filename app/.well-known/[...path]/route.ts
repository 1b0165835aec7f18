// /.well-known/*: the JWKS and the authorization server metadata (RFC 8414).
// The portable door: the route table answers every method (docs/adr/0001-two-doors.md).
export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from "@/lib/http/web-adapter";

export const dynamic = "force-dynamic";
