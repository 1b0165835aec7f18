// server.ts's fast path adapter over a real node:http server: body cap, repeated Authorization
// headers, HEAD, extra headers, and routing only the five OAuth paths.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastPathHandler, serveFastPath } from "@/lib/oauth/node-adapter";
import { MAX_BODY_BYTES, type OAuthRequest } from "@/lib/oauth/oauth-request";

let server: Server;
let port: number;
const seen: OAuthRequest[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    void serveFastPath(
      async (request) => {
        seen.push(request);
        return { status: 200, headers: { "Content-Type": "application/json" }, body: '{"ok":true}' };
      },
      req,
      res,
      { "X-Content-Type-Options": "nosniff" },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, headers: [string, string][], body?: string | Buffer) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path: "/v1/auth/token?x=1",
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

describe("fast path adapter", () => {
  it("routes exactly the five OAuth endpoints, ignoring the query string", () => {
    for (const path of [
      "/v1/auth/token",
      "/v1/auth/revoke?x",
      "/v1/auth/introspect",
      "/.well-known/jwks.json",
      "/.well-known/oauth-authorization-server",
    ]) {
      expect(fastPathHandler(path)).toBeTypeOf("function");
    }
    for (const path of [
      "/v1/auth/token/",
      "/v1/auth",
      "/v1/agents",
      "/.well-known/openid-configuration",
      "/",
      undefined,
    ]) {
      expect(fastPathHandler(path)).toBeUndefined();
    }
  });

  it("passes method, query, content type and body; adds the extra headers and a Content-Length", async () => {
    const res = await send("POST", [["content-type", "application/json"]], '{"a":"b"}');
    expect(res.status).toBe(200);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-length"]).toBe(String('{"ok":true}'.length));
    const request = seen.at(-1)!;
    expect(request).toMatchObject({
      method: "POST",
      query: "x=1",
      contentType: "application/json",
      authorizationCount: 0,
      bodyTooLarge: false,
    });
    expect(Buffer.from(request.body).toString()).toBe('{"a":"b"}');
  });

  it("counts repeated Authorization headers, which Node would otherwise collapse to the first", async () => {
    await send(
      "POST",
      [
        ["authorization", "Basic YTpi"],
        ["authorization", "Basic Yzpk"],
      ],
      "",
    );
    expect(seen.at(-1)).toMatchObject({ authorization: "Basic YTpi", authorizationCount: 2 });
  });

  it("stops reading past the cap, whether or not Content-Length announced it", async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x61);
    const declared = await send("POST", [["content-type", "application/x-www-form-urlencoded"]], big);
    expect(declared.headers.connection).toBe("close");
    expect(seen.at(-1)).toMatchObject({ bodyTooLarge: true });
    const chunked = await send(
      "POST",
      [
        ["content-type", "application/x-www-form-urlencoded"],
        ["transfer-encoding", "chunked"],
      ],
      big,
    );
    expect(chunked.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ bodyTooLarge: true });
  });

  it("answers HEAD without a body", async () => {
    const res = await send("HEAD", []);
    expect(res.body).toBe("");
    expect(seen.at(-1)).toMatchObject({ method: "HEAD", body: new Uint8Array(0) });
  });
});
