// The production server at the edges of HTTP: the request target `*`, bodies far over the cap sent
// by ordinary clients (fetch, raw sockets, Python requests with a chunked body), and clients that
// give up mid-body. Each gets a readable answer, and the log stays one calm line per event.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { insertOrgWithKey } from "../helpers/e2e";

const MIB = 1024 * 1024;
let server: AppServer;
let port: number;
let dataDir: string;
let token: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "workflux-edges-"));
  server = await startAppServer({ dataDir });
  const { embeddedDatabaseUrl } = await server.listening;
  port = Number(new URL(server.baseUrl).port);
  const key = await insertOrgWithKey(embeddedDatabaseUrl!, { slug: "edges", scopes: ["write:agents"] });
  const issued = await fetch(`${server.baseUrl}/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials",
      client_id: key.clientId,
      client_secret: key.clientSecret,
    }),
  });
  token = ((await issued.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends `head` (and `body`) on a raw connection; resolves with everything received until close. */
function raw(head: string, body?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.once("error", reject);
    socket.once("close", () => resolve(text));
    socket.once("connect", () => {
      socket.write(head);
      if (body) socket.write(body);
      socket.end();
    });
  });
}

const logLines = () =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map(
      (line) =>
        JSON.parse(line) as {
          level: number;
          msg: string;
          err?: unknown;
          request_id?: string;
          route?: string;
          status?: number;
        },
    );

describe("the request target *", () => {
  it("OPTIONS * is 204 with Allow; GET * and POST * are a JSON 400; nothing is logged as an error", async () => {
    const options = await raw(`OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(options).toMatch(/^HTTP\/1\.1 204 /);
    expect(options).toMatch(/\r\nAllow: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS\r\n/i);
    expect(options).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/i);
    expect(options).not.toMatch(/\r\nContent-Length:/i);
    for (const method of ["GET", "POST"]) {
      const answer = await raw(
        `${method} * HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n/i);
      expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({
        error: { code: "invalid_request" },
      });
    }
    expect(server.output()).not.toContain("Invalid URL");
    expect(logLines().filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe("a body far over the cap", () => {
  const agentsUrl = () => `${server.baseUrl}/v1/agents`;
  const headers = () => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

  it("fetch reads the 413 with Connection: close for 3 MiB and 10 MiB bodies", async () => {
    for (const size of [3 * MIB, 10 * MIB]) {
      const res = await fetch(agentsUrl(), { method: "POST", headers: headers(), body: Buffer.alloc(size, "a") });
      expect(res.status, `${size} bytes`).toBe(413);
      expect(res.headers.get("connection")).toBe("close");
      expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
    }
  });

  it("the token endpoint answers its RFC 6749 invalid_request the same readable way", async () => {
    const res = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: Buffer.alloc(3 * MIB, "a"),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.json()).toMatchObject({ error: "invalid_request" });
  });

  it("a raw client that writes all 10 MiB before reading still reads the 413", async () => {
    const head = `POST /v1/agents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${10 * MIB}\r\n\r\n`;
    const answer = await raw(head, Buffer.alloc(10 * MIB, "a"));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"payload_too_large"');
  });

  it("Python requests with a chunked 100 MiB body reads the 413", async () => {
    const python = ["python3", "/usr/bin/python3"].find(
      (bin) => spawnSync(bin, ["-c", "import requests"]).status === 0,
    );
    if (!python) throw new Error("No python3 with `requests`: apt-get install -y python3-requests (.ci/run does)");
    const script = [
      "import sys, requests",
      "def body():",
      "    for _ in range(100):",
      "        yield b'a' * (1024 * 1024)",
      "headers = {'Authorization': 'Bearer ' + sys.argv[2], 'Content-Type': 'application/json'}",
      "r = requests.post(sys.argv[1], data=body(), headers=headers)",
      "print(r.status_code, r.headers.get('Connection'), r.json()['error']['code'])",
    ].join("\n");
    const child = spawn(python, ["-c", script, agentsUrl(), token], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(out.trim(), out).toBe("413 close payload_too_large");
    expect(code).toBe(0);
  });
});

describe("a client that gives up mid-body", () => {
  it("is one info line, never an error with a stack", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write(
          `POST /v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\ngrant_type=client`,
        );
        setTimeout(() => socket.destroy(), 100);
      });
      socket.once("close", () => resolve());
      socket.once("error", reject);
    });
    await expect
      .poll(() => logLines().filter((line) => line.msg === "client aborted the request"))
      .toEqual([expect.objectContaining({ level: 30 })]);
    expect(logLines().filter((line) => line.level >= 50)).toEqual([]);
    expect(server.output()).not.toContain("fast path failed");
  });
});

describe("security headers decided at run time", () => {
  it("HSTS on pages when the running server's APP_URL is https, whatever the build saw; none over http", async () => {
    const page = await fetch(`${server.baseUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBeNull();

    const httpsDir = mkdtempSync(path.join(tmpdir(), "workflux-edges-https-"));
    const behindTls = await startAppServer({
      dataDir: httpsDir,
      env: {
        APP_URL: "https://portal.example.test",
        // A public address: production insists on real secrets.
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      },
    });
    try {
      await behindTls.listening;
      for (const pathname of ["/sign-in", "/"]) {
        const res = await fetch(`${behindTls.baseUrl}${pathname}`, { redirect: "manual" });
        expect(res.headers.get("strict-transport-security"), pathname).toBe("max-age=63072000; includeSubDomains");
        expect(res.headers.get("content-security-policy"), pathname).toContain("frame-ancestors 'none'");
      }
      const api = await fetch(`${behindTls.baseUrl}/healthz`);
      expect(api.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    } finally {
      await behindTls.stop();
      rmSync(httpsDir, { recursive: true, force: true });
    }
  });
});

describe("refused server action calls", () => {
  const manifest = () =>
    JSON.parse(readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { exportedName: string }>;
    };
  const actionId = () =>
    Object.entries(manifest().node).find(([, entry]) => entry.exportedName === "createCredentialAction")![0];
  const call = (headers: Record<string, string>, body: BodyInit = '[{"orgSlug":"edges"}]') =>
    fetch(`${server.baseUrl}/edges/settings/api-credentials`, {
      method: "POST",
      headers: { "Next-Action": actionId(), "Content-Type": "text/plain;charset=UTF-8", ...headers },
      body,
      // Node's fetch sends a ReadableStream chunked, without Content-Length.
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);

  it("answer 403, 400 or 413 with one warning each, never a 500 or a stack", async () => {
    const before = logLines().length;
    const crossSite = await call({ Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: { code: "forbidden" } });
    expect((await call({ Origin: `http://${"a".repeat(8000)}.example` })).status).toBe(400);
    expect((await call({ Origin: server.baseUrl }, Buffer.alloc(1_500_000, "a"))).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('[{"orgSlug":"edges"}]'));
        controller.close();
      },
    });
    expect((await call({ Origin: server.baseUrl }, chunked)).status).toBe(400);

    // A forged session cookie: the action answers "signed out", and the log has one warning.
    const forged = await call({
      Origin: server.baseUrl,
      Cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged",
    });
    expect(forged.status).toBe(200);
    expect(await forged.text()).toContain('"code":"unauthenticated"');

    await expect
      .poll(
        () =>
          logLines()
            .slice(before)
            .filter((line) => line.level === 40).length,
      )
      .toBe(5);
    const lines = logLines().slice(before);
    expect(lines.filter((line) => line.msg === "server action refused")).toHaveLength(4);
    expect(lines.filter((line) => line.msg === "session cookie refused")).toHaveLength(1);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    const noisy = /Invalid Server Actions request|Body exceeded|\[next-auth\]\[error\]|^\s+at /;
    expect(
      server
        .output()
        .split("\n")
        .filter((line) => noisy.test(line)),
    ).toEqual([]);
  });
});

describe("request ids, request lines and route labels", () => {
  it("echoes an acceptable X-Request-Id, replaces a bad one, and logs one line per request with it", async () => {
    const api = await fetch(`${server.baseUrl}/v1/agents`, { headers: { "X-Request-Id": "trace-4f1c.2" } });
    expect(api.status).toBe(401);
    expect(api.headers.get("x-request-id")).toBe("trace-4f1c.2");
    const replaced = await fetch(`${server.baseUrl}/v1/agents`, { headers: { "X-Request-Id": "x".repeat(200) } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const page = await fetch(`${server.baseUrl}/sign-in`, { headers: { "X-Request-Id": "trace-page" } });
    expect(page.headers.get("x-request-id")).toBe("trace-page");
    const token = await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Request-Id": "trace-token" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: "wfc_unknown", client_secret: "nope" }),
    });
    expect(token.headers.get("x-request-id")).toBe("trace-token");

    const line = (id: string) => logLines().filter((l) => l.request_id === id);
    await expect
      .poll(() => line("trace-4f1c.2"), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ msg: "api request", route: "/v1/agents", status: 401 })]);
    await expect
      .poll(() => line("trace-page"))
      .toEqual([expect.objectContaining({ msg: "page request", route: "/sign-in", status: 200 })]);
    await expect
      .poll(() => line("trace-token"))
      .toEqual([expect.objectContaining({ msg: "oauth request", status: 401 })]);
  });

  it("labels dashboard requests in /metrics by route pattern, never by path or as one 'next' series", async () => {
    await fetch(`${server.baseUrl}/edges/settings/api-credentials/0b6c3a52-5d4e-4a57-9a8e-1f0e2c3d4b5a`, {
      redirect: "manual",
    });
    // Counted once the answer has finished, which may be just after the client has read it.
    const scrape = async () => (await fetch(`${server.baseUrl}/metrics`)).text();
    await expect
      .poll(scrape, { timeout: 5_000 })
      .toContain('route="/[orgSlug]/settings/api-credentials/[credentialId]"');
    const metrics = await scrape();
    expect(metrics).toContain('route="/sign-in"');
    expect(metrics).not.toContain('route="next"');
    expect(metrics).not.toContain("0b6c3a52");
  });
});
