// A graceful stop of server.ts's node:http server: stop accepting connections, let the requests in
// flight finish up to a deadline, close each connection as soon as it falls idle, and only then
// close what is left. Requests that arrive meanwhile on a kept-alive connection are answered by
// server.ts with 503 and `Connection: close` (`refuseWhileDraining`). Killing connections right
// away would reset requests whose work is already committed (a created key whose secret never
// reaches its caller).
import type { Server, ServerResponse } from "node:http";
import { AppError } from "../errors";
import { envelopeResponse } from "./error-envelope";
import { responseHeaderList } from "./response-headers";

const IDLE_SWEEP_MS = 50;
const SHUTTING_DOWN = new AppError(
  "temporarily_unavailable",
  "The server is shutting down; retry on a new connection.",
  { headers: { "Retry-After": "1" } },
);

/** Resolves `true` when every connection ended within `deadlineMs`, `false` when some were cut. */
export function drain(server: Server, deadlineMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve(false);
    }, deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

/** The answer to a request that arrives while draining: 503, Retry-After, and the connection closed. */
export function refuseWhileDraining(res: ServerResponse, apiHeaders: Readonly<Record<string, string>>): void {
  const answer = envelopeResponse(SHUTTING_DOWN);
  res.shouldKeepAlive = false;
  res.writeHead(answer.status, responseHeaderList(answer, apiHeaders, { closeConnection: true })).end(answer.body);
}
