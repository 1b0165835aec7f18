// server.ts's fast door (lib/http/node-adapter.ts) over a real node:http server, with the real
// dispatcher and route table in front of fake OAuth and API contexts (no database): the body cap,
// repeated Authorization headers, the edge stamp, HEAD, the security headers and Content-Length,
// and which paths the route table answers.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ApiContext } from "@/lib/api/api-context";
import { EDGE_HEADER, encodeEdgeStamp } from "@/lib/http/client-ip";
import { serveNode, stampRequest } from "@/lib/http/node-adapter";
import { MAX_BODY_BYTES, toRequestParts, type RequestParts } from "@/lib/http/request-parts";
import { ownsPath, ROUTE_MATCHER, routeLabel } from "@/lib/http/routes";
import { createMetrics } from "@/lib/metrics/metrics";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import type { Runtime } from "@/lib/runtime/start-runtime";
import { fakeContext, formRequest } from "../helpers/oauth-fakes";

// Every request's parts on their way into the real dispatcher.
const seen = vi.hoisted(() => [] as RequestParts[]);
vi.mock("@/lib/http/dispatch", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/http/dispatch")>();
  return {
    ...actual,
    dispatch: (parts: RequestParts, runtime: Runtime) => {
      seen.push(parts);
      return actual.dispatch(parts, runtime);
    },
  };
});

const EDGE_SECRET = "0123456789abcdef0123456789abcdef";
const SECURITY_HEADERS = Object.freeze({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY" });
const fakes = fakeContext();
const loggedErrors: unknown[] = [];
const api: ApiContext = {
  ...fakes.ctx,
  revocations: { isRevoked: async () => false },
  limits: { consume: async () => ({ allowed: true, headers: {} }) },
  activity: { apiRequest: () => {}, rateLimited: () => {} },
  metrics: createMetrics({ processMetrics: false }),
  verifiedTokens: new Map(),
};
const runtime = {
  env: { TRUST_PROXY: false },
  edgeStamp: EDGE_SECRET,
  apiHeaders: SECURITY_HEADERS,
  log: { error: (fields: unknown) => void loggedErrors.push(fields) },
  requestLog: { info: () => {} },
  oauth: fakes.ctx,
  api,
} as unknown as Runtime;

/** server.ts stamps every request before either door; switched off to send a forged stamp. */
let stampRequests = true;

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (stampRequests) stampRequest(req, runtime);
    void serveNode(req, res, runtime);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(method: string, path: string, headers: [string, string][], body?: string | Buffer) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: [["host", `127.0.0.1:${port}`], ...headers].flat() as unknown as Record<string, string>,
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const FORM: [string, string] = ["content-type", "application/x-www-form-urlencoded"];
const JSON_BODY: [string, string] = ["content-type", "application/json"];
const TOO_LARGE_OAUTH = { error: "invalid_request", error_description: "The request body is too large." };

/** A form body of exactly `size` bytes whose every parameter stays under the parameter cap. */
function formOfSize(size: number, head = "grant_type=client_credentials"): string {
  let body = head;
  for (let i = 0; body.length < size; i++) {
    const prefix = `&p${i}=`;
    body += prefix + "a".repeat(Math.max(0, Math.min(4000, size - body.length - prefix.length)));
  }
  expect(Buffer.byteLength(body)).toBe(size);
  return body;
}

/** A JSON body of exactly `size` bytes: a valid name and one key the schema does not know. */
function jsonOfSize(size: number): string {
  const empty = JSON.stringify({ name: "agent", pad: "" });
  const body = JSON.stringify({ name: "agent", pad: "a".repeat(size - empty.length) });
  expect(Buffer.byteLength(body)).toBe(size);
  return body;
}

async function accessToken(): Promise<string> {
  const { record, secret } = fakes.add();
  const answer = await handleTokenRequest(
    formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
    fakes.ctx,
  );
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

describe("the route table's paths", () => {
  const OAUTH_PATHS = [
    "/v1/auth/token",
    "/v1/auth/revoke",
    "/v1/auth/introspect",
    "/.well-known/jwks.json",
    "/.well-known/oauth-authorization-server",
  ];

  it("routes the five OAuth endpoints to their OAuth handlers, ignoring the query string", () => {
    for (const path of OAUTH_PATHS) {
      expect(ownsPath(path), path).toBe(true);
      expect(
        ROUTE_MATCHER.match(path)?.routes.map((r) => r.family),
        path,
      ).toEqual(["oauth"]);
    }
    const parts = toRequestParts(
      { method: "POST", url: "/v1/auth/revoke?x", header: () => null, body: new Uint8Array(0), bodyTooLarge: false },
      EDGE_SECRET,
    );
    expect(parts).toMatchObject({ path: "/v1/auth/revoke", query: "x" });
    expect(ROUTE_MATCHER.match(parts.path)?.pattern).toBe("/v1/auth/revoke");
  });

  it("has no route for other paths: /v1 and /.well-known ones get the table's 404, the rest go to Next", () => {
    for (const path of ["/v1/auth", "/v1/auth/token/x", "/.well-known/openid-configuration"]) {
      expect(ownsPath(path), path).toBe(true);
      expect(ROUTE_MATCHER.match(path), path).toBeNull();
    }
    for (const path of ["/", "/sign-in", "/v1", "/docs"]) expect(ownsPath(path), path).toBe(false);
    // A trailing slash names the same resource.
    expect(ROUTE_MATCHER.match("/v1/auth/token/")?.pattern).toBe("/v1/auth/token");
  });

  it("labels metrics by route pattern, never by the raw path", () => {
    expect(routeLabel("/v1/auth/token")).toBe("/v1/auth/token");
    expect(routeLabel("/v1/agents/0b1e2d3c-0000-4000-8000-000000000000")).toBe("/v1/agents/:id");
    expect(routeLabel("/v1/no-such-thing/123")).toBe("/v1/*");
    expect(routeLabel("/.well-known/openid-configuration")).toBe("/.well-known/*");
    expect(routeLabel("/healthz")).toBe("/healthz");
    expect(routeLabel("/sign-in")).toBeNull();
  });

  it("answers an unknown table path 404 with the JSON envelope and the security headers", async () => {
    const res = await send("GET", "/.well-known/openid-configuration", []);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ error: { code: "not_found", message: "No such resource." } });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["content-type"]).toBe("application/json");
  });
});

describe("fast door (node:http)", () => {
  it("passes method, path, query, content type, user agent and body; adds the security headers and a Content-Length", async () => {
    const res = await send("POST", "/v1/auth/token?x=1", [JSON_BODY, ["user-agent", "adapter-test/1.0"]], '{"a":"b"}');
    // The token endpoint refuses the query string before anything else (TE-03).
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: "invalid_request",
      error_description: "Send parameters in the request body, not the URL.",
    });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(res.body)));
    expect(res.headers.connection).not.toBe("close");
    const request = seen.at(-1)!;
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/auth/token",
      query: "x=1",
      contentType: "application/json",
      authorization: null,
      authorizationCount: 0,
      bodyTooLarge: false,
      clientIp: "127.0.0.1",
      peerAddress: "127.0.0.1",
      userAgent: "adapter-test/1.0",
    });
    expect(Buffer.from(request.body).toString()).toBe('{"a":"b"}');
    expect(loggedErrors).toEqual([]);
  });

  it("counts repeated Authorization headers, which Node would otherwise collapse to the first", async () => {
    const res = await send(
      "POST",
      "/v1/auth/token",
      [FORM, ["authorization", "Basic YTpi"], ["authorization", "Basic Yzpk"]],
      "grant_type=client_credentials",
    );
    expect(seen.at(-1)).toMatchObject({ authorization: "Basic YTpi", authorizationCount: 2 });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: "invalid_request",
      error_description: "Send one Authorization header.",
    });
  });

  it("believes the edge header only with this process's stamp", async () => {
    stampRequests = false;
    try {
      const forged = encodeEdgeStamp("f".repeat(EDGE_SECRET.length), {
        clientIp: "198.51.100.4",
        peerAddress: "127.0.0.1",
        authorizationCount: 0,
      });
      await send("POST", "/v1/auth/token", [FORM, [EDGE_HEADER, forged], ["authorization", "Basic YTpi"]], "a=b");
      // Never fewer than one Authorization header when one arrived, whatever the header claims.
      expect(seen.at(-1)).toMatchObject({ clientIp: "unknown", peerAddress: undefined, authorizationCount: 1 });
    } finally {
      stampRequests = true;
    }
  });

  it("stops reading past the cap, whether or not Content-Length announced it", async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x61);
    const declared = await send("POST", "/v1/auth/token", [FORM], big);
    expect(declared.headers.connection).toBe("close");
    expect(declared.status).toBe(400);
    expect(JSON.parse(declared.body)).toEqual(TOO_LARGE_OAUTH);
    expect(seen.at(-1)).toMatchObject({ bodyTooLarge: true, body: new Uint8Array(0) });
    const chunked = await send("POST", "/v1/auth/token", [FORM, ["transfer-encoding", "chunked"]], big);
    expect(chunked.headers.connection).toBe("close");
    expect(chunked.status).toBe(400);
    expect(JSON.parse(chunked.body)).toEqual(TOO_LARGE_OAUTH);
    expect(seen.at(-1)).toMatchObject({ bodyTooLarge: true, body: new Uint8Array(0) });
  });

  it("reads a body of exactly MAX_BODY_BYTES and parses it", async () => {
    const body = formOfSize(MAX_BODY_BYTES);
    const res = await send("POST", "/v1/auth/token", [FORM, ["transfer-encoding", "chunked"]], body);
    expect(seen.at(-1)).toMatchObject({ bodyTooLarge: false });
    expect(seen.at(-1)!.body.byteLength).toBe(MAX_BODY_BYTES);
    // Parsed (grant_type read), then refused for the missing client authentication.
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
    expect(res.headers.connection).not.toBe("close");
  });

  it("refuses an API body of MAX_BODY_BYTES + 1 bytes with 413 payload_too_large, and parses one of exactly MAX_BODY_BYTES", async () => {
    const auth: [string, string] = ["authorization", `Bearer ${await accessToken()}`];

    const exact = await send("POST", "/v1/agents", [JSON_BODY, auth], jsonOfSize(MAX_BODY_BYTES));
    expect(seen.at(-1)).toMatchObject({ bodyTooLarge: false });
    expect(seen.at(-1)!.body.byteLength).toBe(MAX_BODY_BYTES);
    // Read and parsed as JSON: the schema then refuses the unknown key, per field.
    expect(exact.status).toBe(400);
    expect(JSON.parse(exact.body)).toEqual({
      error: {
        code: "invalid_request",
        message: "The request is invalid; see details.",
        details: { _: [expect.any(String)] },
      },
    });

    for (const headers of [
      [JSON_BODY, auth],
      [JSON_BODY, auth, ["transfer-encoding", "chunked"]],
    ] as [string, string][][]) {
      const tooLarge = await send("POST", "/v1/agents", headers, jsonOfSize(MAX_BODY_BYTES + 1));
      expect(seen.at(-1)).toMatchObject({ bodyTooLarge: true, body: new Uint8Array(0) });
      expect(tooLarge.status).toBe(413);
      expect(JSON.parse(tooLarge.body)).toEqual({
        error: { code: "payload_too_large", message: "The request body is too large." },
      });
      expect(tooLarge.headers.connection).toBe("close");
      expect(tooLarge.headers["x-content-type-options"]).toBe("nosniff");
    }
    expect(loggedErrors).toEqual([]);
  });

  it("answers HEAD without a body, with the GET answer's headers", async () => {
    const res = await send("HEAD", "/.well-known/jwks.json", []);
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    expect(res.headers["content-type"]).toBe("application/jwk-set+json");
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(await fakes.ctx.signingKeys.jwksBody())));
    expect(seen.at(-1)).toMatchObject({ method: "HEAD", body: new Uint8Array(0) });
  });
});
