// The framework-free parts of an HTTP request and response that every /v1, /.well-known and
// operations endpoint works with. Both doors (node-adapter.ts for server.ts's fast path,
// web-adapter.ts for the Next route handlers) read the body bytes their own way and then call
// `toRequestParts`, so everything after it is the same code and unit-testable.
import { decodeEdgeStamp, EDGE_HEADER, resolveClientIp } from "./client-ip";
import { requestIdFrom } from "./request-id";

export type RequestParts = {
  method: string;
  /** The path as sent, without the query (still percent-encoded). */
  path: string;
  /** The raw query string without `?` ("" when absent): parameters there are refused, never read. */
  query: string;
  contentType: string | null;
  /** null: no header. More than one Authorization header is reported as `authorizationCount > 1`. */
  authorization: string | null;
  authorizationCount: number;
  /** The body, already capped at MAX_BODY_BYTES; `bodyTooLarge` when the cap was hit. */
  body: Uint8Array;
  bodyTooLarge: boolean;
  clientIp: string;
  /** The socket's address as server.ts saw it; undefined when the request did not pass through it. */
  peerAddress: string | undefined;
  userAgent: string | null;
  /** The caller's X-Request-Id when acceptable, else a fresh one (request-id.ts). */
  requestId: string;
};

/** What every endpoint returns: the fast door writes it to the socket, the portable door wraps it. */
export type ResponseParts = {
  status: number;
  headers: Record<string, string>;
  body: string;
};

/** TE-14: the body is read no further than this, before any parsing or hashing. */
export const MAX_BODY_BYTES = 16 * 1024;

export const METHODS_WITH_BODY: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"]);

export type RawRequest = {
  method: string;
  /** The request target: path plus query, e.g. `/v1/agents?limit=5`. */
  url: string;
  header(name: string): string | null;
  body: Uint8Array;
  bodyTooLarge: boolean;
};

/**
 * The one translation from a request to its parts, shared by both doors. Without server.ts's stamp
 * (`next start`), the client address is the trusted proxy's last X-Forwarded-For hop when
 * TRUST_PROXY is set, else "unknown".
 */
export function toRequestParts(raw: RawRequest, edgeStamp: string, { trustProxy = false } = {}): RequestParts {
  const q = raw.url.indexOf("?");
  const authorization = raw.header("authorization");
  const edge = decodeEdgeStamp(edgeStamp, raw.header(EDGE_HEADER));
  return {
    method: raw.method,
    path: q === -1 ? raw.url : raw.url.slice(0, q),
    query: q === -1 ? "" : raw.url.slice(q + 1),
    contentType: raw.header("content-type"),
    authorization,
    authorizationCount: authorization === null ? 0 : Math.max(1, edge?.authorizationCount ?? 1),
    body: raw.body,
    bodyTooLarge: raw.bodyTooLarge,
    clientIp:
      edge?.clientIp ??
      (trustProxy ? resolveClientIp(undefined, raw.header("x-forwarded-for") ?? undefined, true) : "unknown"),
    peerAddress: edge?.peerAddress,
    userAgent: raw.header("user-agent"),
    requestId: requestIdFrom(raw.header("x-request-id")),
  };
}
