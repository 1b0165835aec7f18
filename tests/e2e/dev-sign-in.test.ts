// `npm run dev` is a tested configuration too: the development server (hot reload, slow first
// compiles) generates what it needs and a sign-in through the form lands on the dashboard. Its
// build output goes to .next/dev, so the production build the other tests use is left alone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";

const EMAIL = "dev-owner@example.test";
const PASSWORD = "dev-owner-password-1";
let server: AppServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "workflux-dev-"));
  server = await startAppServer({ dataDir, dev: true, env: { ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD } });
  await server.listening;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("signs the first owner in through the form", async () => {
    const page = await browser.newPage();
    // The first request compiles the page: minutes on a busy machine.
    await page.goto(`${server.baseUrl}/sign-in`, { timeout: 240_000 });
    const button = page.getByRole("button", { name: "Sign in" });
    await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await button.click();
    await expect
      .poll(() => new URL(page.url()).pathname, { timeout: 240_000, interval: 500 })
      .toMatch(/^\/[a-z0-9-]+\/settings\/api-credentials$/);
    await expect
      .poll(() => page.getByRole("heading", { name: "API Credentials" }).count(), { timeout: 120_000 })
      .toBe(1);
  }, 600_000);
});
