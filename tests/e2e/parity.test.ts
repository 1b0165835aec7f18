// The two doors are one thing (docs/adr/0001-two-doors.md): two production servers share one real
// PostgreSQL, one with the fast path (server.ts answers the route table from node:http) and one
// with FAST_PATH=0 (Next's route handlers answer it, as under `next start`). The same valid and
// hostile requests, written byte for byte to a socket, must get the same status line, the same
// header fields and the same body bytes from both. What may differ is what HTTP itself says carries
// no meaning: the order of differently named fields (RFC 9110 §5.3), the message framing (our
// Content-Length, Next's chunked Transfer-Encoding: the body is compared after de-chunking, and
// the fast door's Content-Length must match it), Date, and the `Vary` Next adds to every route
// handler for its own router; and the random parts of a freshly issued token. Needs DATABASE_URL
// (CI's PostgreSQL pass runs it).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { queryDatabase } from "../helpers/e2e";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn("parity.test.ts skipped: it needs DATABASE_URL (two servers share one PostgreSQL)");

type Raw = { status: string; headers: [string, string][]; body: string };

/** One request as raw bytes on a fresh connection; the whole answer, split but not interpreted. */
function send(port: number, request: string | Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const [status = "", ...lines] = text.slice(0, split).split("\r\n");
      const headers = lines.map((line): [string, string] => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      });
      resolve({ status, headers, body: text.slice(split + 4) });
    });
    // Written, not ended: a half-closed socket may be answered with nothing. "Connection: close"
    // makes the server end it after its answer.
    socket.write(request);
  });
}

/** A chunked body's bytes (RFC 9112 §7.1), or the body as is when it was not chunked. */
function dechunk(answer: Raw): string {
  const chunked = answer.headers.some(([name, value]) => name === "transfer-encoding" && value === "chunked");
  if (!chunked) return answer.body;
  let rest = answer.body;
  let body = "";
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!size) return body;
    body += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

const FRAMING = new Set(["date", "keep-alive", "connection", "content-length", "transfer-encoding"]);

/** What must be equal between two correct answers (see the top of this file). */
function comparable(answer: Raw, door: "fast" | "portable", method: string) {
  let body = dechunk(answer);
  // A HEAD answer's Content-Length is the GET answer's (RFC 9110 §9.3.2), over no body.
  if (door === "fast" && method !== "HEAD") {
    const length = answer.headers.find(([name]) => name === "content-length")?.[1];
    expect(length, "the fast door frames its body with Content-Length").toBe(String(Buffer.byteLength(body, "latin1")));
  }
  const headers = answer.headers
    .filter(
      ([name, value]) => !FRAMING.has(name) && !(door === "portable" && name === "vary" && value.startsWith("rsc,")),
    )
    .map(([name, value]) => `${name}: ${value}`)
    .sort();
  body = body.replace(/"access_token":"[^"]+"/, '"access_token":"<token>"');
  return { status: answer.status, headers, body };
}

function request(method: string, target: string, headers: string[] = [], body = ""): string {
  // A fixed request id: both doors echo the caller's (a fresh one each would differ).
  const lines = [
    `${method} ${target} HTTP/1.1`,
    "Host: parity.test",
    "Connection: close",
    "X-Request-Id: parity-check",
    ...headers,
  ];
  if (body !== "" || method === "POST") lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = "Content-Type: application/x-www-form-urlencoded";
const JSON_TYPE = "Content-Type: application/json";

describe.skipIf(!databaseUrl)("the fast door and the portable door answer alike", () => {
  const dataDirs: string[] = [];
  let fast: AppServer;
  let portable: AppServer;
  let clientId: string;
  let clientSecret: string;
  let token: string;

  beforeAll(async () => {
    // One issuer for both (a loopback APP_URL: not a production deployment, so plain http is
    // allowed): the tokens of one verify at the other. Limits per instance (no Redis),
    // so both count the same sequence of requests from zero.
    const shared = { DATABASE_URL: databaseUrl!, REDIS_URL: "", APP_URL: "http://127.0.0.1:9" };
    const start = (fastPath: string) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-parity-"));
      dataDirs.push(dataDir);
      return startAppServer({
        dataDir,
        env: { ...shared, FAST_PATH: fastPath, SIGNING_KEY_ENCRYPTION_KEY: KEK, NEXTAUTH_SECRET: AUTH_SECRET },
      });
    };
    fast = await start("1");
    await fast.listening;
    // The first server has applied the migrations: now the key and an agent both will serve.
    const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl!, text, values);
    const org = await sql(
      "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), $1, 'Parity', 'enterprise', now()) RETURNING id",
      [`parity-${randomBytes(4).toString("hex")}`],
    );
    const orgId = org.rows[0].id as string;
    clientId = generateClientId();
    clientSecret = generateClientSecret("production");
    await sql(
      `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'parity', 'production', $3, $4, $5, now())`,
      [orgId, clientId, ["read:agents", "write:agents"], hashClientSecret(clientSecret), secretHint(clientSecret)],
    );
    await sql(
      `INSERT INTO agents (id, org_id, environment, name, config, updated_at)
       VALUES (gen_random_uuid(), $1, 'production', 'parity agent', '{"model":"m"}', now())`,
      [orgId],
    );
    portable = await start("0");
    await portable.listening;
    const issued = await fetch(`${fast.baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
    });
    expect(issued.status).toBe(200);
    token = ((await issued.json()) as { access_token: string }).access_token;
  });

  afterAll(async () => {
    await Promise.all([fast?.stop(), portable?.stop()]);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const port = (server: AppServer) => Number(new URL(server.baseUrl).port);

  const cases: Array<[string, () => string | Buffer]> = [
    // Valid requests.
    [
      "a token by form",
      () =>
        request(
          "POST",
          "/v1/auth/token",
          [FORM],
          form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
        ),
    ],
    [
      "a token by JSON with HTTP Basic",
      () =>
        request(
          "POST",
          "/v1/auth/token",
          [JSON_TYPE, `Authorization: Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`],
          JSON.stringify({ grant_type: "client_credentials", scope: "read:agents" }),
        ),
    ],
    ["the JWKS", () => request("GET", "/.well-known/jwks.json")],
    ["the discovery document", () => request("GET", "/.well-known/oauth-authorization-server")],
    ["the agents list", () => request("GET", "/v1/agents", [`Authorization: Bearer ${token}`])],
    ["the agents list, HEAD", () => request("HEAD", "/v1/agents", [`Authorization: Bearer ${token}`])],
    ["usage analytics", () => request("GET", "/v1/analytics/usage?period=7d", [`Authorization: Bearer ${token}`])],
    [
      "introspection",
      () =>
        request(
          "POST",
          "/v1/auth/introspect",
          [FORM],
          form({ token, client_id: clientId, client_secret: clientSecret }),
        ),
    ],
    ["liveness", () => request("GET", "/healthz")],
    ["liveness, HEAD", () => request("HEAD", "/healthz")],
    ["the OpenAPI document", () => request("GET", "/openapi.json")],
    // Hostile and malformed requests.
    [
      "two Authorization headers",
      () => request("GET", "/v1/agents", [`Authorization: Bearer ${token}`, "Authorization: Bearer other"]),
    ],
    ["a forged token", () => request("GET", "/v1/agents", ["Authorization: Bearer eyJhbGciOiJub25lIn0.e30."])],
    ["no token", () => request("GET", "/v1/agents")],
    ["a token in the query", () => request("GET", `/v1/agents?access_token=${token}`)],
    ["limit above 100", () => request("GET", "/v1/agents?limit=1000", [`Authorization: Bearer ${token}`])],
    [
      "a wrong secret",
      () =>
        request(
          "POST",
          "/v1/auth/token",
          [FORM],
          form({ grant_type: "client_credentials", client_id: clientId, client_secret: "wfs_live_x" }),
        ),
    ],
    [
      "credentials in the query string",
      () =>
        request(
          "POST",
          `/v1/auth/token?client_secret=${clientSecret}`,
          [FORM],
          form({ grant_type: "client_credentials" }),
        ),
    ],
    ["a body over 16 KiB", () => request("POST", "/v1/auth/token", [FORM], "a".repeat(17 * 1024))],
    ["a text/plain body", () => request("POST", "/v1/auth/token", ["Content-Type: text/plain"], "grant_type=x")],
    ["malformed JSON", () => request("POST", "/v1/auth/token", [JSON_TYPE], "{")],
    ["a NUL byte", () => request("POST", "/v1/auth/token", [FORM], "grant_type=client_credentials&client_id=a%00b")],
    [
      "a bad Basic header",
      () => request("POST", "/v1/auth/token", [FORM, "Authorization: Basic !!!"], "grant_type=client_credentials"),
    ],
    ["GET on the token endpoint", () => request("GET", "/v1/auth/token")],
    ["DELETE on a collection", () => request("DELETE", "/v1/agents", [`Authorization: Bearer ${token}`])],
    ["OPTIONS", () => request("OPTIONS", "/v1/agents")],
    ["an unknown /v1 path", () => request("GET", "/v1/nope")],
    ["an unknown /.well-known path", () => request("GET", "/.well-known/openid-configuration")],
    ["a malformed id", () => request("GET", "/v1/agents/not-a-uuid", [`Authorization: Bearer ${token}`])],
    ["a bad percent-encoding", () => request("GET", "/v1/agents/%ZZ", [`Authorization: Bearer ${token}`])],
    [
      "a JSON body with a NUL",
      () =>
        request(
          "POST",
          "/v1/agents",
          [JSON_TYPE, `Authorization: Bearer ${token}`],
          '{"name":"a\\u0000b","config":{}}',
        ),
    ],
    [
      "an unknown field",
      () =>
        request(
          "POST",
          "/v1/agents",
          [JSON_TYPE, `Authorization: Bearer ${token}`],
          '{"name":"x","config":{},"admin":true}',
        ),
    ],
    ["PUT on an agent", () => request("PUT", "/v1/integrations", [`Authorization: Bearer ${token}`])],
    ["readiness", () => request("GET", "/readyz")],
    ["POST on liveness", () => request("POST", "/healthz", [JSON_TYPE], "{}")],
  ];

  it.each(cases)("%s", async (_name, build) => {
    const bytes = build();
    const method = bytes.toString().split(" ", 1)[0]!;
    const [a, b] = [await send(port(fast), bytes), await send(port(portable), bytes)];
    expect(comparable(b, "portable", method)).toEqual(comparable(a, "fast", method));
  });
});

const KEK = randomBytes(32).toString("base64");
const AUTH_SECRET = randomBytes(32).toString("base64url");
