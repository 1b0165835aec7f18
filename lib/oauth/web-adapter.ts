// Web `Request` → OAuthRequest → Web `Response`, for the Next route handlers under app/v1/auth
// and app/.well-known. The body is read no further than MAX_BODY_BYTES.
import { clientIpFrom } from "../http/client-ip";
import { MAX_BODY_BYTES, type OAuthRequest } from "./oauth-request";
import type { OAuthResponse } from "./oauth-response";

export async function readCappedBody(request: Request): Promise<{ body: Uint8Array; tooLarge: boolean }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { body: new Uint8Array(0), tooLarge: true };
  if (!request.body) return { body: new Uint8Array(0), tooLarge: false };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return { body: new Uint8Array(0), tooLarge: true };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks), tooLarge: false };
}

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

export async function oauthRequestFromWeb(request: Request): Promise<OAuthRequest> {
  const url = new URL(request.url);
  const { body, tooLarge } = METHODS_WITH_BODY.has(request.method)
    ? await readCappedBody(request)
    : { body: new Uint8Array(0), tooLarge: false };
  return {
    method: request.method,
    query: url.search.replace(/^\?/, ""),
    contentType: request.headers.get("content-type"),
    authorization: request.headers.get("authorization"),
    body,
    bodyTooLarge: tooLarge,
    clientIp: clientIpFrom(request.headers),
    userAgent: request.headers.get("user-agent"),
  };
}

export function toWebResponse(response: OAuthResponse, method = "GET"): Response {
  const body = method === "HEAD" || response.body === "" ? null : response.body;
  return new Response(body, { status: response.status, headers: response.headers });
}

/** A route handler around one lib/oauth endpoint function. */
export function oauthRoute(
  handler: (request: OAuthRequest) => Promise<OAuthResponse>,
): (request: Request) => Promise<Response> {
  return async (request) => toWebResponse(await handler(await oauthRequestFromWeb(request)), request.method);
}
