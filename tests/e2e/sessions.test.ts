// Sessions in Chromium against the production build: two browsers signed in to one account both
// show on Settings > Account (this one marked); signing out one from the other ends it on its next
// request while this one stays; signing out from the menu ends only that browser's session, and
// "Sign out other sessions" the rest. Sudo mode: a session signed in more than 15 minutes ago that
// creates a production key is asked for its password first, and the key it was creating is then
// created as typed. axe on the pages, the confirmation and the password prompt.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const ACCOUNT_PATH = "/my-org/settings/account";
const email = `sessions-${Date.now()}@e2e.test`;
const password = "sessions-password-1";

let browser: Browser;
const contexts: BrowserContext[] = [];
const clientErrors: string[] = [];

async function signedIn(userAgent: string, as = { email, password }): Promise<Page> {
  const context = await browser.newContext({ userAgent });
  contexts.push(context);
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, as.email, as.password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

/** Whether the page's cookie still opens the dashboard (a signed-out one lands on sign-in). */
async function stillSignedIn(page: Page): Promise<boolean> {
  await page.goto(`${baseUrl}${ACCOUNT_PATH}`);
  return !new URL(page.url()).pathname.startsWith("/sign-in");
}

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const EDGE =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

beforeAll(async () => {
  browser = await launchBrowser();
  const org = await queryDatabase(databaseUrl, "SELECT id FROM organizations WHERE slug = 'my-org'");
  const user = await queryDatabase(
    databaseUrl,
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Sess Ions', $2, now()) RETURNING id",
    [email, await hashPassword(password)],
  );
  await queryDatabase(
    databaseUrl,
    "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'viewer', now())",
    [user.rows[0].id, org.rows[0].id],
  );
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("Settings > Account > Sessions", () => {
  it("lists both browsers and signs the other one out on its next request", async () => {
    const laptop = await signedIn(FIREFOX);
    const phone = await signedIn(SAFARI);
    await laptop.goto(`${baseUrl}${ACCOUNT_PATH}`);
    const rows = laptop.getByTestId("session-row");
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain("Firefox on Linux");
    expect(await rows.first().textContent()).toContain("This session");
    expect(await rows.nth(1).textContent()).toContain("Safari on iOS");
    expect(await seriousViolations(laptop)).toEqual([]);

    await rows
      .nth(1)
      .getByRole("button", { name: /^Sign out/ })
      .click();
    const confirm = laptop.getByRole("alertdialog");
    expect(await confirm.textContent()).toContain("Sign out Safari on iOS?");
    expect(await seriousViolations(laptop)).toEqual([]);
    await confirm.getByRole("button", { name: "Sign out session" }).click();
    await expect.poll(() => laptop.getByTestId("session-row").count()).toBe(1);

    expect(await stillSignedIn(phone)).toBe(false);
    expect(await stillSignedIn(laptop)).toBe(true);
  });

  it("signing out from the menu ends only that browser's session; 'Sign out other sessions' ends the rest", async () => {
    const first = await signedIn(FIREFOX);
    const second = await signedIn(EDGE);
    const third = await signedIn(SAFARI);
    await third.getByRole("button", { name: /account menu/i }).click();
    await third.getByRole("menuitem", { name: "Sign out" }).click();
    await third.waitForURL("**/sign-in**");
    expect(await stillSignedIn(first)).toBe(true);
    expect(await stillSignedIn(second)).toBe(true);

    await first.goto(`${baseUrl}${ACCOUNT_PATH}`);
    await first.getByRole("button", { name: "Sign out other sessions" }).click();
    await first.getByRole("alertdialog").getByRole("button", { name: "Sign out other sessions" }).click();
    await expect.poll(() => first.getByTestId("session-row").count()).toBe(1);
    expect(await first.getByText("No other session is signed in.").count()).toBe(1);
    expect(await stillSignedIn(second)).toBe(false);
    expect(await stillSignedIn(first)).toBe(true);
    expect(clientErrors).toEqual([]);
  });
});

describe("sudo mode", () => {
  it("asks a session signed in 15+ minutes ago for its password, then creates the production key as typed", async () => {
    const page = await signedIn(EDGE, { email: ownerEmail, password: ownerPassword });
    await queryDatabase(
      databaseUrl,
      "UPDATE sessions SET authenticated_at = now() - interval '20 minutes' WHERE user_id = (SELECT id FROM users WHERE email = $1)",
      [ownerEmail],
    );
    await page.goto(`${baseUrl}/my-org/settings/api-credentials`);
    await page.getByRole("button", { name: "Create New API Key" }).click();
    const create = page.getByRole("dialog", { name: "Create New API Key" });
    await create.getByLabel("Name", { exact: true }).fill("Payments (sudo)");
    await create.getByLabel("Environment", { exact: true }).selectOption({ label: "Production" });
    await create.getByRole("checkbox", { name: "read:agents" }).check();
    await create.getByRole("button", { name: "Create key" }).click();

    const prompt = page.getByRole("dialog", { name: "Confirm it's you" });
    await prompt.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await prompt.getByLabel("Password").fill("not-the-password");
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => prompt.getByText("This is not your password.").count()).toBe(1);
    await prompt.getByLabel("Password").fill(ownerPassword);
    await prompt.getByRole("button", { name: "Confirm" }).click();

    await page.getByRole("heading", { name: 'API key "Payments (sudo)" created' }).waitFor();
    expect(await page.getByRole("dialog", { name: "Confirm it's you" }).count()).toBe(0);
    const audit = await queryDatabase(
      databaseUrl,
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.sudo' AND actor_id = (SELECT id::text FROM users WHERE email = $1)",
      [ownerEmail],
    );
    expect(audit.rows[0].n).toBeGreaterThanOrEqual(1);
    expect(clientErrors).toEqual([]);
  });
});
