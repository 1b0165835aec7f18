// Dashboard pages during a database outage: 503 with Retry-After and a page that says the service
// is briefly unavailable (not Next's 500), while the API and the health endpoints keep their own
// JSON answers; the pages come back by themselves. The server reaches a real PostgreSQL through a
// proxy the test cuts and stalls. Needs DATABASE_URL (CI's services pass).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startDatabaseProxy, type DatabaseProxy } from "../helpers/tcp-proxy";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn("outage-pages.test.ts skipped: it needs DATABASE_URL (a server it can take away)");

describe.skipIf(!databaseUrl)("dashboard pages while the database is away", () => {
  let proxy: DatabaseProxy;
  let server: AppServer;
  let dataDir: string;

  beforeAll(async () => {
    proxy = await startDatabaseProxy(databaseUrl!);
    dataDir = mkdtempSync(path.join(tmpdir(), "workflux-outage-"));
    server = await startAppServer({
      dataDir,
      env: {
        DATABASE_URL: proxy.url,
        REDIS_URL: "",
        SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      },
    });
    await server.listening;
  });

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = () => fetch(`${server.baseUrl}/sign-in`, { redirect: "manual" });

  it("answers 503 with Retry-After and an explanation when the database is cut, and recovers", async () => {
    expect((await page()).status).toBe(200);
    proxy.cut();
    await expect.poll(async () => (await page()).status, { timeout: 5_000, interval: 100 }).toBe(503);
    const answer = await page();
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.text()).toContain("WorkFlux is briefly unavailable");

    // The route table keeps its own answers: JSON, never the HTML page.
    const api = await fetch(`${server.baseUrl}/v1/agents`);
    expect(api.status).toBe(401);
    expect(api.headers.get("content-type")).toContain("application/json");
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    // Static assets need no database.
    expect((await fetch(`${server.baseUrl}/favicon.ico`)).status).not.toBe(503);

    proxy.restore();
    await expect.poll(async () => (await page()).status, { timeout: 15_000, interval: 200 }).toBe(200);
  });

  it("a sign-in the database cannot check is a 503 with a code, never the driver's message or address", async () => {
    const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";", 1)[0])
      .join("; ");
    const signIn = () =>
      fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({
          csrfToken,
          email: "someone@example.com",
          password: "not the password",
          json: "true",
        }),
      });
    expect((await signIn()).status).toBe(401);
    proxy.cut();
    const answer = await signIn();
    const body = await answer.text();
    expect(answer.status, body).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(new URL((JSON.parse(body) as { url: string }).url).searchParams.get("error")).toBe("unavailable");
    expect(body).not.toMatch(/prisma|database server/i);
    expect(body).not.toContain(`:${new URL(proxy.url).port}`);
    proxy.restore();
    await expect.poll(async () => (await signIn()).status, { timeout: 15_000, interval: 200 }).toBe(401);
    await expect.poll(async () => (await page()).status, { timeout: 15_000, interval: 200 }).toBe(200);
  });

  it("answers 503 within about a second of a silent stall, and recovers when it ends", async () => {
    expect((await page()).status).toBe(200);
    proxy.stall();
    await expect.poll(async () => (await page()).status, { timeout: 3_000, interval: 50 }).toBe(503);
    proxy.resume();
    await expect.poll(async () => (await page()).status, { timeout: 15_000, interval: 200 }).toBe(200);
  });
});
