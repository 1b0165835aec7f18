// The fast door: server.ts answers the route table's paths straight from node:http, skipping
// Next.js's per-request work (several hundred µs of CPU, more than a whole token's work). Only the
// byte I/O is its own: the request becomes parts through `toRequestParts`, the dispatcher answers,
// and the answer's header list is the one the portable door sends too. The body is read into
// memory no further than MAX_BODY_BYTES; a bigger one is answered 413 at once and the connection
// closed after a lingering close (TE-14), so the client reads the answer instead of a reset.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Runtime } from "../runtime/start-runtime";
import { EDGE_HEADER, encodeEdgeStamp, resolveClientIp } from "./client-ip";
import { dispatch } from "./dispatch";
import { MAX_BODY_BYTES, METHODS_WITH_BODY, toRequestParts } from "./request-parts";
import { responseHeaderList } from "./response-headers";

const EMPTY = new Uint8Array(0);
const NO_BODY = Promise.resolve({ body: EMPTY, tooLarge: false });

/** After a 413, what the client still sends is read and dropped up to these bounds, then closed. */
export const LINGER_MAX_BYTES = 128 * 1024 * 1024;
export const LINGER_MAX_MS = 5_000;
const LINGER_CHECK_MS = 100;

/** The client went away or stalled mid-body: its mistake, so a one-line log, never a stack. */
export class ClientAbortedError extends Error {
  constructor(readonly reason: string) {
    super(`the client aborted the request: ${reason}`);
    this.name = "ClientAbortedError";
  }
}

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
    req.once("error", (error: NodeJS.ErrnoException) => reject(new ClientAbortedError(error.code ?? error.message)));
    req.once("aborted", () => reject(new ClientAbortedError("connection closed mid-body")));
  });
}

/**
 * Closing a socket whose client is still sending makes the kernel answer with a reset, and the
 * reset can destroy our answer before the client reads it (fetch, axios and requests all report a
 * reset instead of the 413). So, as a lingering close does: send the answer and our FIN, read and
 * drop what still arrives until the client closes, at most LINGER_MAX_BYTES or LINGER_MAX_MS.
 */
export function lingerThenClose(req: IncomingMessage, socket: Socket): void {
  const readAtStart = socket.bytesRead;
  // Node closes a `Connection: close` socket once the answer is written; this socket lingers first.
  socket.destroySoon = () => {
    socket.end();
    const started = Date.now();
    const check = setInterval(() => {
      if (socket.bytesRead - readAtStart > LINGER_MAX_BYTES || Date.now() - started > LINGER_MAX_MS) socket.destroy();
    }, LINGER_CHECK_MS);
    check.unref();
    socket.once("close", () => clearInterval(check));
  };
  // What the parser still reads of this body goes nowhere.
  req.resume();
}

/**
 * server.ts, on every request before either door: overwrites the edge header with what only the
 * socket knows (client-ip.ts), including how many Authorization headers arrived (Node keeps the
 * first only).
 */
export function stampRequest(req: IncomingMessage, runtime: Pick<Runtime, "edgeStamp" | "env">): void {
  let authorizationCount = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === "authorization") authorizationCount++;
  }
  req.headers[EDGE_HEADER] = encodeEdgeStamp(runtime.edgeStamp, {
    clientIp: resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], runtime.env.TRUST_PROXY),
    peerAddress: (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, ""),
    authorizationCount,
  });
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
}

export async function serveNode(req: IncomingMessage, res: ServerResponse, runtime: Runtime): Promise<void> {
  const method = req.method ?? "GET";
  const { body, tooLarge } = await (METHODS_WITH_BODY.has(method) ? readBody(req) : NO_BODY);
  const parts = toRequestParts(
    { method, url: req.url ?? "/", header: (name) => header(req, name), body, bodyTooLarge: tooLarge },
    runtime.edgeStamp,
  );
  const response = await dispatch(parts, runtime);
  // An oversized body was not read to its end: close rather than parse the rest as a new request.
  if (tooLarge) lingerThenClose(req, req.socket);
  res.writeHead(
    response.status,
    responseHeaderList(response, runtime.apiHeaders, { closeConnection: tooLarge, requestId: parts.requestId }),
  );
  res.end(method === "HEAD" ? "" : response.body);
}
