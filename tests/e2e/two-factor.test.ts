// Two-factor authentication in Chromium against the production build, codes computed in the test
// from the key the setup dialog shows (as an authenticator app would): set up under Settings >
// Account, save the recovery codes, sign out; the next sign-in asks for a code after the password,
// refuses a wrong one and accepts the app's; a recovery code signs in once. An owner with
// two-factor requires it for an organization; a member without it then reaches only their account
// page, never the API credentials. axe on the setup dialog, the recovery codes, the code step and
// the page a held-back member lands on.
import { generate } from "otplib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl } = inject("e2e");
const email = `totp-${Date.now()}@e2e.test`;
const password = "two-factor-password-1";
const codeAt = (secret: string, msAgo = 0) => generate({ secret, epoch: Math.floor((Date.now() - msAgo) / 1000) });

let browser: Browser;
const contexts: BrowserContext[] = [];
const clientErrors: string[] = [];

async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
  const org = await queryDatabase(databaseUrl, "SELECT id FROM organizations WHERE slug = 'my-org'");
  const user = await queryDatabase(
    databaseUrl,
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Tia Totp', $2, now()) RETURNING id",
    [email, await hashPassword(password)],
  );
  await queryDatabase(
    databaseUrl,
    "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'developer', now())",
    [user.rows[0].id, org.rows[0].id],
  );
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("two-factor authentication", () => {
  let secret = "";
  let recoveryCodes: string[] = [];

  it("is set up with the app's first code, and the recovery codes are shown once", async () => {
    const page = await freshPage();
    await signInThroughForm(page, baseUrl, email, password);
    await page.waitForURL("**/my-org/**");
    await page.goto(`${baseUrl}/my-org/settings/account`);
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    const dialog = page.getByRole("dialog", { name: "Set up two-factor authentication" });
    await dialog.getByRole("button", { name: "Continue" }).click();
    await dialog.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    secret = (await dialog.locator("#totp-key").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await dialog.getByLabel("Code from the app").fill("000000");
    await dialog.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => dialog.getByText("That code didn't work", { exact: false }).count()).toBe(1);
    // The previous step's code: the sign-in below uses the current one, which has not been used.
    await dialog.getByLabel("Code from the app").fill(await codeAt(secret, 30_000));
    await dialog.getByRole("button", { name: "Turn on" }).click();

    const codes = page.getByRole("dialog", { name: "Save your recovery codes" });
    await codes.waitFor();
    recoveryCodes = (await codes.getByLabel("Recovery codes").locator("span").allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(await seriousViolations(page)).toEqual([]);
    await codes.getByRole("button", { name: "Done, I've saved them" }).click();
    await expect.poll(() => page.getByText("10 recovery codes left.").count()).toBe(1);
    expect(await page.content()).not.toContain(recoveryCodes[0]);
  });

  it("asks for a code after the password; refuses a wrong one, accepts the app's", async () => {
    const page = await freshPage();
    await signInThroughForm(page, baseUrl, email, password);
    const code = page.getByLabel("Authentication code");
    await code.waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await seriousViolations(page)).toEqual([]);
    await code.fill("123456");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByText("That code didn't work", { exact: false }).count()).toBe(1);
    await code.fill(await codeAt(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/my-org/**");
  });

  it("a recovery code signs in once", async () => {
    const page = await freshPage();
    await signInThroughForm(page, baseUrl, email, password);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/my-org/**");

    const again = await freshPage();
    await signInThroughForm(again, baseUrl, email, password);
    await again.getByRole("button", { name: "Use a recovery code instead" }).click();
    await again.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await again.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => again.getByText("That code didn't work", { exact: false }).count()).toBe(1);
    expect(new URL(again.url()).pathname).toBe("/sign-in");
    // Each refused step is next-auth's 401, which the browser logs; anything else is a fault.
    const refusedStep = /401 \(Unauthorized\) \(http:\/\/[^)]+\/api\/auth\/callback\/credentials\)$/;
    expect(clientErrors.filter((line) => !refusedStep.test(line))).toEqual([]);
  });

  it("an owner requires it for the organization; a member without it lands on their account page", async () => {
    const slug = `tf-${Date.now().toString(36)}`;
    const org = await queryDatabase(
      databaseUrl,
      "INSERT INTO organizations (id, slug, name, updated_at) VALUES (gen_random_uuid(), $1, 'Strict Co', now()) RETURNING id",
      [slug],
    );
    const orgId = org.rows[0].id;
    const memberEmail = `nik-${Date.now()}@e2e.test`;
    const member = await queryDatabase(
      databaseUrl,
      "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Nik NoTwoFactor', $2, now()) RETURNING id",
      [memberEmail, await hashPassword(password)],
    );
    for (const [userSql, role] of [
      ["(SELECT id FROM users WHERE email = $1)", "owner"],
      ["$1::uuid", "viewer"],
    ] as const) {
      await queryDatabase(
        databaseUrl,
        `INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), ${userSql}, $2, '${role}', now())`,
        [role === "owner" ? email : member.rows[0].id, orgId],
      );
    }

    const owner = await freshPage();
    await signInThroughForm(owner, baseUrl, email, password);
    await owner.getByLabel("Authentication code").fill(await codeAt(secret, -30_000));
    await owner.getByRole("button", { name: "Verify" }).click();
    await owner.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await owner.goto(`${baseUrl}/${slug}/settings/general`);
    await owner.getByRole("button", { name: "Require two-factor for every member" }).click();
    await owner.getByRole("alertdialog").getByRole("button", { name: "Require two-factor" }).click();
    await expect.poll(() => owner.getByRole("button", { name: "Stop requiring two-factor" }).count()).toBe(1);

    const held = await freshPage();
    await signInThroughForm(held, baseUrl, memberEmail, password);
    await held.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await held.goto(`${baseUrl}/${slug}/settings/api-credentials`);
    expect(new URL(held.url()).pathname).toBe(`/${slug}/settings/account`);
    expect(await held.getByText("Strict Co requires two-factor authentication.").count()).toBe(1);
    expect(await seriousViolations(held)).toEqual([]);
    await held.goto(`${baseUrl}/${slug}/settings/members`);
    expect(new URL(held.url()).pathname).toBe(`/${slug}/settings/account`);
  });
});
