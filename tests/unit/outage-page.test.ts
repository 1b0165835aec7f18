// The outage page replaces a 5xx that Next is about to send while the database is down, whichever
// way Next writes it (writeHead, or statusCode then write/end); other answers pass untouched.
import { createServer, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { isPageRequest, replaceOutageErrors } from "@/lib/http/outage-page";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(down: boolean, respond: (res: ServerResponse) => void): Promise<Response> {
  server = createServer((req, res) => {
    replaceOutageErrors(res, () => down, req.method);
    respond(res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return fetch(`http://127.0.0.1:${address.port}/org/settings`);
}

describe("replaceOutageErrors", () => {
  it("turns Next's 500 (writeHead, then end) into the 503 page while the database is down", async () => {
    const res = await serve(true, (r) => {
      r.setHeader("x-nextjs-cache", "MISS");
      r.writeHead(500, { "Content-Type": "text/html" });
      r.end("<html>Internal Server Error</html>");
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("x-nextjs-cache")).toBeNull();
    const body = await res.text();
    expect(body).toContain("WorkFlux is briefly unavailable");
    expect(body).not.toContain("Internal Server Error");
  });

  it("also when the status is set and the body streamed in parts", async () => {
    const res = await serve(true, (r) => {
      r.statusCode = 500;
      r.write("<html>part one");
      r.end(" part two</html>");
    });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("briefly unavailable");
  });

  it("leaves a 500 alone while the database is up, and any other status always", async () => {
    expect((await serve(false, (r) => r.writeHead(500).end("bug"))).status).toBe(500);
    server!.close();
    const ok = await serve(true, (r) => r.writeHead(200, { "Content-Type": "text/plain" }).end("fine"));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("fine");
  });

  it("applies to pages only, never to Next's static assets", () => {
    expect(isPageRequest("/acme/settings/api-credentials")).toBe(true);
    expect(isPageRequest("/_next/static/chunks/app.js")).toBe(false);
    expect(isPageRequest("/favicon.ico")).toBe(false);
    expect(isPageRequest("/api/auth/callback/credentials")).toBe(false);
  });
});
