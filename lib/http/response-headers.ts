// The header list of an answer, identical in both doors: the route table's security headers, the
// endpoint's own, the request's id, the body's length, and `Connection: close` when a request body
// was not read to its end. A flat [name, value, …] list: no intermediate objects per response on the fast path.
import type { ResponseParts } from "./request-parts";

export function responseHeaderList(
  response: ResponseParts,
  securityHeaders: Readonly<Record<string, string>>,
  { closeConnection = false, requestId }: { closeConnection?: boolean; requestId?: string } = {},
): string[] {
  const list: string[] = [];
  for (const name in securityHeaders) list.push(name, securityHeaders[name]!);
  for (const name in response.headers) list.push(name, response.headers[name]!);
  if (requestId) list.push("X-Request-Id", requestId);
  list.push("Content-Length", String(Buffer.byteLength(response.body)));
  if (closeConnection) list.push("Connection", "close");
  return list;
}
