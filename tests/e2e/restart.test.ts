// The embedded database across restarts: the first start prints a one-time sign-in, a second
// start on the same data directory is refused while the first runs, SIGTERM stops cleanly, and
// nothing is lost on the next start.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";

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
});
