// The embedded database across restarts: the first start prints a one-time sign-in, a second
// start on the same data directory is refused while the first runs, SIGTERM stops cleanly, and
// nothing is lost on the next start. A start that fails before it can serve (its port taken) uses
// up no one-time password: the next start prints one that works.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startAppServer, type AppServer } from "../helpers/app-server";

async function signInViaApi(baseUrl: string, email: string, password: string): Promise<boolean> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  return response.headers.getSetCookie().some((c) => /next-auth\.session-token=[^;]+/.test(c));
}

const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-restart-"));
const servers: AppServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded database lifecycle", () => {
  it("prints the demo sign-in once, refuses a second instance, and keeps data across a restart", async () => {
    const first = await startAppServer({ dataDir });
    servers.push(first);
    await first.listening;
    const printed = /Email:\s+(\S+)\n\s+Password:\s+(\S+)/.exec(first.output());
    expect(printed, first.output()).not.toBeNull();
    const [, email, password] = printed!;
    expect(await signInViaApi(first.baseUrl, email!, password!)).toBe(true);
    expect(await signInViaApi(first.baseUrl, email!, "wrong-password")).toBe(false);

    const second = await startAppServer({ dataDir });
    servers.push(second);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/in use by process \d+/);

    expect(await first.stop("SIGTERM")).toBe(0);

    const again = await startAppServer({ dataDir });
    servers.push(again);
    await again.listening;
    expect(again.output()).not.toContain("First sign-in");
    expect(await signInViaApi(again.baseUrl, email!, password!)).toBe(true);
    expect(await again.stop("SIGTERM")).toBe(0);
  });

  it("a start whose port is taken prints no password; the next start prints one that signs in", async () => {
    const freshDir = mkdtempSync(path.join(tmpdir(), "workflux-restart-port-"));
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const blocked = await startAppServer({ dataDir: freshDir, port });
      servers.push(blocked);
      expect(await blocked.exited).not.toBe(0);
      expect(blocked.output()).toContain("EADDRINUSE");
      expect(blocked.output()).not.toContain("Password:");
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    const next = await startAppServer({ dataDir: freshDir, port });
    servers.push(next);
    await next.listening;
    const printed = /Email:\s+(\S+)\n\s+Password:\s+(\S+)/.exec(next.output());
    expect(printed, next.output()).not.toBeNull();
    expect(await signInViaApi(next.baseUrl, printed![1]!, printed![2]!)).toBe(true);
    expect(await next.stop("SIGTERM")).toBe(0);
    rmSync(freshDir, { recursive: true, force: true });
  });
});
