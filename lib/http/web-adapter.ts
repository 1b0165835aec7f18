// The portable door: the Next route handlers of the route table's paths (app/v1/[...path],
// app/.well-known/[...path] and the operations routes) for `next start` and hosts without
// server.ts. Only the byte I/O is its own: the Web Request becomes parts through
// `toRequestParts`, the same dispatcher answers, and the Web Response carries the same header list
// as the fast door's. The body is read no further than MAX_BODY_BYTES.
import { getRuntime } from "../runtime/current";
import { dispatch } from "./dispatch";
import { MAX_BODY_BYTES, METHODS_WITH_BODY, toRequestParts } from "./request-parts";
import { responseHeaderList } from "./response-headers";

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

/** Every method of every route-table path, as a Next route handler. */
export async function servePortable(request: Request): Promise<Response> {
  const runtime = getRuntime();
  const url = new URL(request.url);
  const { body, tooLarge } = METHODS_WITH_BODY.has(request.method)
    ? await readCappedBody(request)
    : { body: new Uint8Array(0), tooLarge: false };
  const parts = toRequestParts(
    {
      method: request.method,
      url: url.pathname + url.search,
      header: (name) => request.headers.get(name),
      body,
      bodyTooLarge: tooLarge,
    },
    runtime.edgeStamp,
    { trustProxy: runtime.env.TRUST_PROXY },
  );
  const response = await dispatch(parts, runtime);
  const list = responseHeaderList(response, runtime.apiHeaders, {
    closeConnection: tooLarge,
    requestId: parts.requestId,
  });
  const headers = new Headers();
  for (let i = 0; i < list.length; i += 2) headers.append(list[i]!, list[i + 1]!);
  const payload = request.method === "HEAD" || response.body === "" ? null : response.body;
  return new Response(payload, { status: response.status, headers });
}

// Every method of the table's paths, as the named exports a Next route file re-exports.
export {
  servePortable as DELETE,
  servePortable as GET,
  servePortable as HEAD,
  servePortable as OPTIONS,
  servePortable as PATCH,
  servePortable as POST,
  servePortable as PUT,
};
