// Settings > Plan & limits in Chromium against the production build (RL-05..RL-09): after a few
// token requests the page shows this minute's use of each limit as a meter and all 7 UTC days of
// 429s; the operator's `npm run orgs -- set-plan`, run against the running server's embedded
// database, reaches the page and the token endpoint's limiter within a second; axe finds nothing
// serious.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import {
  collectClientErrors,
  insertOrgWithKey,
  queryDatabase,
  seriousViolations,
  signInThroughForm,
} from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const SLUG = "plans-e2e";
const ROOT = path.resolve(import.meta.dirname, "../..");

let browser: Browser;
let context: BrowserContext;
let page: Page;
let key: { orgId: string; clientId: string; clientSecret: string };
const clientErrors: string[] = [];

const requestToken = () =>
  fetch(`${baseUrl}/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: key.clientId,
      client_secret: key.clientSecret,
    }).toString(),
  });

beforeAll(async () => {
  // An organization of its own (Starter), with the e2e owner as its owner too.
  key = await insertOrgWithKey(databaseUrl, { slug: SLUG, scopes: ["read:agents"], plan: "starter" });
  await queryDatabase(
    databaseUrl,
    `INSERT INTO memberships (id, user_id, org_id, role, updated_at)
     SELECT gen_random_uuid(), id, $1, 'owner', now() FROM users WHERE email = $2`,
    [key.orgId, ownerEmail],
  );
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
  await page.waitForURL("**/my-org/**");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("Settings > Plan & limits", () => {
  it("shows this minute's use after a few token requests, every UTC day, and follows the operator's set-plan", async () => {
    for (let i = 0; i < 3; i++) expect((await requestToken()).status).toBe(200);

    await page.goto(`${baseUrl}/${SLUG}/settings/members`);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Plan & limits" }).click();
    await page.getByRole("heading", { name: "Plan & limits" }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/${SLUG}/settings/plan`);
    expect(await page.getByText("This organization is on the Starter plan.").count()).toBe(1);

    const tokens = page.getByRole("meter", { name: "Access tokens issued" });
    const api = page.getByRole("meter", { name: "API requests" });
    expect(await tokens.getAttribute("aria-valuetext")).toBe("3 of 60 this minute");
    expect(await tokens.getAttribute("aria-valuemax")).toBe("60");
    expect(await api.getAttribute("aria-valuetext")).toBe("0 of 600 this minute");
    expect(await page.getByText("3 of 60 this minute").count()).toBe(1);

    const days = page.getByTestId("rejection-day");
    expect(await days.count()).toBe(7);
    expect(await days.last().locator("time").getAttribute("datetime")).toBe(new Date().toISOString().slice(0, 10));
    expect(await page.getByRole("columnheader", { name: "Day (UTC)" }).count()).toBe(1);
    expect(await page.getByText(`npm run orgs -- set-plan ${SLUG} starter|professional|enterprise`).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // The operator, at the server's command line, through its embedded database.
    const cli = spawnSync(
      "npx",
      ["tsx", "scripts/orgs.ts", "set-plan", SLUG, "professional", "--database-url", databaseUrl],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } },
    );
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(`${SLUG} (${SLUG}): plan changed from starter to professional`);
    const changedAt = Date.now();
    await expect
      .poll(async () => (await requestToken()).headers.get("ratelimit-limit"), { timeout: 1000, interval: 50 })
      .toBe("600");
    expect(Date.now() - changedAt).toBeLessThan(1000);

    await page.reload();
    expect(await page.getByText("This organization is on the Professional plan.").count()).toBe(1);
    // A new plan counts from zero: the request that saw 600 is the first of its minute.
    expect(await page.getByRole("meter", { name: "Access tokens issued" }).getAttribute("aria-valuetext")).toBe(
      "1 of 600 this minute",
    );
    const audit = await queryDatabase(
      databaseUrl,
      "SELECT actor_type, actor_label, metadata FROM audit_events WHERE org_id = $1 AND action = 'organization.plan_changed'",
      [key.orgId],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        actor_type: "system",
        actor_label: "Operator (CLI)",
        metadata: expect.objectContaining({ from: "starter", to: "professional" }),
      }),
    ]);
    expect(clientErrors).toEqual([]);
  });
});
