// Single sign-on (SO-01..SO-05) in Chromium against the production build and a real OpenID
// Connect issuer on 127.0.0.1 (oidc-provider): the sign-in page offers "Continue with …"; an
// existing account whose address the IdP verified signs in and lands in its organization; an
// unverified address is refused with our "No account for this identity" page; an invited address
// gets an account and lands in the inviting organization; a user with two-factor on gives the
// app's code after the provider (TF-06). axe on the sign-in, refusal and code pages.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "otplib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations } from "../helpers/e2e";
import { startOidcIssuer, type OidcIssuer } from "../helpers/oidc-issuer";

const codeAt = (secret: string, msAgo = 0) => generate({ secret, epoch: Math.floor((Date.now() - msAgo) / 1000) });

const OWNER = { email: "ada-sso@e2e.test", password: "sso-owner-password-1" };
const INVITED = "grace-sso@e2e.test";
const ACCOUNTS = {
  ada: { email: OWNER.email, emailVerified: true, name: "Ada Lovelace" },
  eve: { email: "eve-sso@e2e.test", emailVerified: false, name: "Eve" },
  grace: { email: INVITED, emailVerified: true, name: "Grace Hopper" },
};
const BUTTON = "Continue with Acme SSO";

let browser: Browser;
let issuer: OidcIssuer;
let app: AppServer;
let databaseUrl: string;
let dataDir: string;
const contexts: BrowserContext[] = [];
const clientErrors: string[] = [];

async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  // The issuer's development login page imports a web font; nothing here may reach the internet.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const page = await context.newPage();
  page.on("pageerror", (error) => clientErrors.push(`pageerror: ${error.message}`));
  return page;
}

/** From the sign-in page through the issuer's login form, as the account named `login`. */
async function signInWithSso(page: Page, login: string) {
  await page.goto(`${app.baseUrl}/sign-in`);
  await page.getByRole("button", { name: BUTTON }).click();
  await page.waitForURL(`${issuer.issuer}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.waitForURL(`${app.baseUrl}/**`);
}

beforeAll(async () => {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  [browser, issuer] = await Promise.all([
    launchBrowser(),
    startOidcIssuer({ redirectUri: `${appUrl}/api/auth/callback/oidc`, accounts: ACCOUNTS }),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), "workflux-sso-e2e-"));
  app = await startAppServer({
    dataDir,
    port,
    env: {
      ADMIN_EMAIL: OWNER.email,
      ADMIN_PASSWORD: OWNER.password,
      OIDC_ISSUER: issuer.issuer,
      OIDC_CLIENT_ID: issuer.clientId,
      OIDC_CLIENT_SECRET: issuer.clientSecret,
      OIDC_DISPLAY_NAME: "Acme SSO",
    },
  });
  databaseUrl = (await app.listening).embeddedDatabaseUrl!;
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.stop();
  await issuer?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("single sign-on through an OpenID Connect issuer", () => {
  it("offers the provider on the sign-in page, accessibly", async () => {
    const page = await freshPage();
    collectClientErrors(page, clientErrors);
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByRole("button", { name: BUTTON }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("signs an existing account in by its verified address and lands in its organization", async () => {
    const page = await freshPage();
    await signInWithSso(page, "ada");
    await page.waitForURL("**/my-org/settings/api-credentials");
    const identities = await queryDatabase(
      databaseUrl,
      "SELECT i.provider, i.subject FROM identities i JOIN users u ON u.id = i.user_id WHERE u.email = $1",
      [OWNER.email],
    );
    expect(identities.rows).toEqual([{ provider: "oidc", subject: "ada" }]);
    const sessions = await queryDatabase(
      databaseUrl,
      "SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 AND s.ended_at IS NULL",
      [OWNER.email],
    );
    expect(sessions.rows[0].n).toBe(1);
    // Settings > Account lists the identity.
    await page.goto(`${app.baseUrl}/my-org/settings/account`);
    const methods = page.getByRole("list", { name: "Sign-in methods" });
    await methods.getByText(OWNER.email).waitFor();
    // Ada also has a password, so this identity is not her last way in: unlinked after a confirmation.
    await methods.getByRole("button", { name: "Unlink Acme SSO" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Unlink Acme SSO?" });
    await confirm.getByRole("button", { name: "Unlink" }).click();
    await page.getByText("No single sign-on provider is linked to this account.").waitFor();
    const left = await queryDatabase(
      databaseUrl,
      "SELECT count(*)::int AS n FROM identities i JOIN users u ON u.id = i.user_id WHERE u.email = $1",
      [OWNER.email],
    );
    expect(left.rows[0].n).toBe(0);
  });

  it("refuses an address the issuer has not verified, with a clear page", async () => {
    const page = await freshPage();
    await signInWithSso(page, "eve");
    await page.waitForURL("**/sign-in/sso-error?reason=email_unverified");
    await page.getByRole("heading", { name: "No account for this identity" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const users = await queryDatabase(databaseUrl, "SELECT count(*)::int AS n FROM users WHERE email = $1", [
      ACCOUNTS.eve.email,
    ]);
    expect(users.rows[0].n).toBe(0);
  });

  it("creates the invited address's account and lands in the inviting organization", async () => {
    const org = await queryDatabase(databaseUrl, "SELECT id FROM organizations WHERE slug = 'my-org'");
    const digest = createHash("sha256").update(randomBytes(32)).digest("hex");
    await queryDatabase(
      databaseUrl,
      `INSERT INTO invitations (id, org_id, email, normalized_email, role, token_digest, expires_at, last_sent_at)
       VALUES (gen_random_uuid(), $1, $2, $2, 'developer', $3, now() + interval '1 day', now())`,
      [org.rows[0].id, INVITED, digest],
    );
    const page = await freshPage();
    await signInWithSso(page, "grace");
    await page.waitForURL("**/my-org/settings/api-credentials");
    const member = await queryDatabase(
      databaseUrl,
      `SELECT m.role, u.password_hash FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE u.email = $1 AND m.org_id = $2`,
      [INVITED, org.rows[0].id],
    );
    expect(member.rows).toEqual([{ role: "developer", password_hash: null }]);
    // An account without a password is told so instead of being asked for the current one.
    await page.goto(`${app.baseUrl}/my-org/settings/account`);
    await page.getByTestId("no-password").waitFor();
    // Its one identity is its only way in: Unlink is not offered.
    const unlink = page.getByRole("list", { name: "Sign-in methods" }).getByRole("button", { name: "Unlink Acme SSO" });
    expect(await unlink.isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("asks a user with two-factor on for the app's code after the provider, before anything counts", async () => {
    const setup = await freshPage();
    await signInWithSso(setup, "ada");
    await setup.goto(`${app.baseUrl}/my-org/settings/account`);
    await setup.getByRole("button", { name: "Set up authenticator app" }).click();
    const dialog = setup.getByRole("dialog", { name: "Set up two-factor authentication" });
    await dialog.getByRole("button", { name: "Continue" }).click();
    const secret = (await dialog.locator("#totp-key").textContent())!.trim();
    await dialog.getByLabel("Code from the app").fill(await codeAt(secret, 30_000));
    await dialog.getByRole("button", { name: "Turn on" }).click();
    await setup.getByRole("button", { name: "Done, I've saved them" }).click();

    const page = await freshPage();
    await signInWithSso(page, "ada");
    await page.waitForURL("**/sign-in/second-factor");
    expect(await seriousViolations(page)).toEqual([]);
    // Until the code is given, no dashboard page opens.
    await page.goto(`${app.baseUrl}/my-org/settings/api-credentials`);
    await page.waitForURL("**/sign-in/second-factor");
    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByText("That code didn't work", { exact: false }).count()).toBe(1);
    await page.getByLabel("Authentication code").fill(await codeAt(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/my-org/settings/api-credentials");
  });

  it("raised no browser errors on our pages", () => {
    expect(clientErrors).toEqual([]);
  });
});
