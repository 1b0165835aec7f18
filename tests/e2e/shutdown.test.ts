// SIGTERM while requests are in flight: the production server stops accepting, lets every request
// already received finish (its token delivered, not a reset), answers a request that arrives on a
// kept-alive connection meanwhile with 503 and `Connection: close`, and exits 0. A request that
// never completes cannot hold the process past SHUTDOWN_TIMEOUT_MS.
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { queryDatabase } from "../helpers/e2e";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";

const DRAIN_MS = 3_000;
const servers: AppServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startWithKey() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-shutdown-"));
  dirs.push(dataDir);
  const server = await startAppServer({ dataDir, env: { SHUTDOWN_TIMEOUT_MS: String(DRAIN_MS) } });
  servers.push(server);
  const { embeddedDatabaseUrl } = await server.listening;
  const org = await queryDatabase(
    embeddedDatabaseUrl!,
    "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), 'drain', 'Drain', 'enterprise', now()) RETURNING id",
  );
  const clientId = generateClientId();
  const clientSecret = generateClientSecret("production");
  await queryDatabase(
    embeddedDatabaseUrl!,
    `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 'drain', 'production', '{read:agents}', $3, $4, now())`,
    [org.rows[0].id, clientId, hashClientSecret(clientSecret), secretHint(clientSecret)],
  );
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
  });
  return { server, port: Number(new URL(server.baseUrl).port), body: body.toString() };
}

/** A raw connection that records everything the server sends until it closes the connection. */
function openConnection(port: number): Promise<{ socket: Socket; received: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    const received = new Promise<string>((done) => socket.once("close", () => done(text)));
    socket.once("connect", () => resolve({ socket, received }));
    socket.once("error", reject);
  });
}

const tokenRequestHead = (port: number, body: string) =>
  `POST /v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;

const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

describe("graceful shutdown", () => {
  it("finishes the requests in flight, refuses a pipelined one with 503 + Connection: close, exits 0", async () => {
    const { server, port, body } = await startWithKey();
    // Five token requests whose bodies are still arriving when SIGTERM comes.
    const inFlight = await Promise.all(Array.from({ length: 5 }, () => openConnection(port)));
    for (const { socket } of inFlight) socket.write(tokenRequestHead(port, body) + body.slice(0, 20));
    await new Promise((r) => setTimeout(r, 200));

    process.kill(server.process.pid!, "SIGTERM");
    await expect.poll(() => server.output().includes('"msg":"shutting down"')).toBe(true);
    await expect(openConnection(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });

    // The rest of each body; the first connection pipelines one more request behind it.
    inFlight.forEach(({ socket }, i) =>
      socket.write(body.slice(20) + (i === 0 ? `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n` : "")),
    );
    const answers = await Promise.all(inFlight.map(({ received }) => received));
    for (const text of answers) {
      expect(statuses(text)[0], text).toBe(200);
      expect(text).toContain('"access_token"');
    }
    expect(statuses(answers[0]!), answers[0]).toEqual([200, 503]);
    const refused = answers[0]!.slice(answers[0]!.lastIndexOf("HTTP/1.1 503"));
    expect(refused).toMatch(/\r\nConnection: close\r\n/i);
    expect(refused).toMatch(/\r\nRetry-After: 1\r\n/i);
    expect(refused).toContain('"temporarily_unavailable"');

    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it("does not wait past SHUTDOWN_TIMEOUT_MS for a request that never completes", async () => {
    const { server, port, body } = await startWithKey();
    const stuck = await openConnection(port);
    stuck.socket.write(tokenRequestHead(port, body) + body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    const signalled = Date.now();
    process.kill(server.process.pid!, "SIGTERM");
    expect(await server.exited).toBe(0);
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(DRAIN_MS - 100);
    await stuck.received;
    expect(server.output()).toContain("requests still running at the drain deadline were cut");
  });
});
