// server.ts's fast path: the five OAuth endpoints answered straight from node:http, without
// Next.js's per-request work, by the very functions the route handlers call. The body is read
// into memory no further than MAX_BODY_BYTES; a bigger one is answered and the connection closed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIpFrom } from "../http/client-ip";
import { handleJwksRequest, handleMetadataRequest } from "./discovery";
import { handleIntrospectionRequest } from "./introspection-endpoint";
import { MAX_BODY_BYTES, type OAuthRequest } from "./oauth-request";
import type { OAuthResponse } from "./oauth-response";
import { handleRevocationRequest } from "./revocation-endpoint";
import { handleTokenRequest } from "./token-endpoint";

type Handler = (request: OAuthRequest) => Promise<OAuthResponse>;

const ROUTES: Record<string, Handler> = {
  "/v1/auth/token": handleTokenRequest,
  "/v1/auth/revoke": handleRevocationRequest,
  "/v1/auth/introspect": handleIntrospectionRequest,
  "/.well-known/jwks.json": handleJwksRequest,
  "/.well-known/oauth-authorization-server": handleMetadataRequest,
};

const EMPTY = new Uint8Array(0);

function readBody(req: IncomingMessage): Promise<{ body: Uint8Array; tooLarge: boolean }> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) return Promise.resolve({ body: EMPTY, tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        req.pause();
        resolve({ body: EMPTY, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve({ body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), tooLarge: false }));
    req.once("error", reject);
  });
}

/** Node keeps only the first of repeated Authorization headers; the raw list shows them all. */
function countHeader(rawHeaders: string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.length === name.length && rawHeaders[i]!.toLowerCase() === name) count++;
  return count;
}

/** The handler for this request's path, or undefined when Next.js should answer it. */
export function fastPathHandler(url: string | undefined): Handler | undefined {
  if (!url) return undefined;
  const q = url.indexOf("?");
  return ROUTES[q === -1 ? url : url.slice(0, q)];
}

export async function serveFastPath(
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: Record<string, string>,
): Promise<void> {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  const hasBody = req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
  const { body, tooLarge } = hasBody ? await readBody(req) : { body: EMPTY, tooLarge: false };
  const request: OAuthRequest = {
    method: req.method ?? "GET",
    query: q === -1 ? "" : url.slice(q + 1),
    contentType: req.headers["content-type"] ?? null,
    authorization: req.headers.authorization ?? null,
    authorizationCount: req.headers.authorization === undefined ? 0 : countHeader(req.rawHeaders, "authorization"),
    body,
    bodyTooLarge: tooLarge,
    clientIp: clientIpFrom({ get: (name) => (req.headers[name] as string | undefined) ?? null }),
    userAgent: req.headers["user-agent"] ?? null,
  };
  const response = await handler(request);
  const payload = request.method === "HEAD" ? "" : response.body;
  // A flat [name, value, ...] list: no intermediate objects per response.
  const headers: string[] = [];
  for (const name in extraHeaders) headers.push(name, extraHeaders[name]!);
  for (const name in response.headers) headers.push(name, response.headers[name]!);
  headers.push("Content-Length", String(Buffer.byteLength(response.body)));
  // An oversized body was not read to its end: close rather than parse the rest as a new request.
  if (tooLarge) headers.push("Connection", "close");
  res.writeHead(response.status, headers);
  res.end(payload);
  if (tooLarge) res.once("finish", () => req.socket.destroy());
}
