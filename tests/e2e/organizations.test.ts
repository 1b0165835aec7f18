// Organizations in Chromium against the production build (OR-01..OR-05): a user in no
// organization gets the create page, creates one, creates a second from the account menu's
// switcher and switches between the two; renames one in Settings > General; deletes it by typing
// its name, after which an access token of its key answers 401 and its old URL 404, and / leads
// to the remaining organization. axe finds nothing serious on the pages and dialogs.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl } = inject("e2e");
const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);
const suffix = randomBytes(3).toString("hex");
const ALPHA = `Alpha ${suffix}`;
const BETA = `Beta ${suffix}`;
const alphaSlug = `alpha-${suffix}`;
const betaSlug = `beta-${suffix}`;

let browser: Browser;
let user: { context: BrowserContext; page: Page };
const clientErrors: string[] = [];

const listAgents = (token: string) => fetch(`${baseUrl}/v1/agents`, { headers: { Authorization: `Bearer ${token}` } });

async function openAccountMenu(page: Page) {
  await page.getByRole("button", { name: /account menu/ }).click();
  await page.getByRole("menu").waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  const email = `founder-${suffix}@e2e.test`;
  const password = "founder-password-1";
  await sql(
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Fay Founder', $2, now())",
    [email, await hashPassword(password)],
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, email, password);
  user = { context, page };
});
afterAll(async () => {
  await user?.context.close();
  await browser?.close();
});

describe("Organizations", () => {
  it("a user in no organization creates one from the landing page, then a second from the switcher", async () => {
    const { page } = user;
    await page.getByRole("heading", { name: "Create an organization" }).waitFor();
    expect(await page.getByText("invitations arrive by email").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // The slug follows the name until edited; a reserved one is refused inline.
    await page.getByLabel("Organization name").fill(ALPHA);
    expect(await page.getByLabel("URL").inputValue()).toBe(alphaSlug);
    await page.getByLabel("URL").fill("settings");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.getByText("This URL is used by WorkFlux itself. Choose another.").waitFor();
    await page.getByLabel("URL").fill(alphaSlug);
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL(`**/${alphaSlug}/settings/api-credentials`);
    expect(await page.getByRole("banner").textContent()).toContain(ALPHA);

    await openAccountMenu(page);
    await page.getByRole("menuitem", { name: "Create organization" }).click();
    const dialog = page.getByRole("dialog", { name: "Create organization" });
    await dialog.waitFor();
    // A taken slug is the field error, and the dialog stays open.
    await dialog.getByLabel("Organization name").fill(ALPHA);
    await dialog.getByRole("button", { name: "Create organization" }).click();
    await dialog.getByText("This URL is taken.").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel("Organization name").fill(BETA);
    expect(await dialog.getByTestId("slug-preview").textContent()).toBe(`/${betaSlug}`);
    await dialog.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL(`**/${betaSlug}/settings/api-credentials`);
    expect(await page.getByRole("banner").textContent()).toContain(BETA);

    // The switcher lists both; pick the first one.
    await openAccountMenu(page);
    await page.getByRole("menuitem", { name: new RegExp(ALPHA) }).click();
    await page.waitForURL(`**/${alphaSlug}/settings/api-credentials`);
    await openAccountMenu(page);
    expect(await page.getByRole("menuitem", { name: new RegExp(ALPHA) }).getAttribute("aria-current")).toBe("page");
    await page.keyboard.press("Escape");
  });

  it("renames the organization in Settings > General", async () => {
    const { page } = user;
    await page.goto(`${baseUrl}/${alphaSlug}/settings/general`);
    await page.getByRole("heading", { name: "General", level: 1 }).waitFor();
    expect(await page.getByRole("navigation", { name: "Settings" }).getByRole("link").first().textContent()).toBe(
      "General",
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Name", { exact: true }).fill(`${ALPHA} renamed`);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect.poll(() => page.getByRole("banner").textContent()).toContain(`${ALPHA} renamed`);
  });

  it("deletes it by typing its name: its key's live token gets 401, its URL 404, / goes to the other", async () => {
    const { page } = user;
    const name = `${ALPHA} renamed`;
    const org = await sql("SELECT id FROM organizations WHERE slug = $1", [alphaSlug]);
    const clientId = generateClientId();
    const clientSecret = generateClientSecret("production");
    await sql(
      `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'doomed', 'production', $3, $4, $5, now())`,
      [org.rows[0].id, clientId, ["read:agents"], hashClientSecret(clientSecret), secretHint(clientSecret)],
    );
    const issued = await fetch(`${baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" }),
    });
    expect(issued.status).toBe(200);
    const token = ((await issued.json()) as { access_token: string }).access_token;
    expect((await listAgents(token)).status).toBe(200);

    await page.goto(`${baseUrl}/${alphaSlug}/settings/general`);
    await page.getByRole("button", { name: "Delete organization" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect.poll(() => dialog.textContent()).toContain("revoked immediately");
    const confirm = dialog.getByRole("button", { name: "Delete organization" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill(name.toUpperCase());
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill(name);
    expect(await confirm.isDisabled()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.click();

    // / sends the user on to the organization they still have.
    await page.waitForURL(`**/${betaSlug}/settings/api-credentials`);
    expect((await listAgents(token)).status).toBe(401);
    const old = await page.goto(`${baseUrl}/${alphaSlug}/settings/general`);
    expect(old?.status()).toBe(404);
    await page.goto(`${baseUrl}/${betaSlug}/settings/api-credentials`);
    await openAccountMenu(page);
    expect(await page.getByRole("menuitem", { name: new RegExp(ALPHA) }).count()).toBe(0);
    await page.keyboard.press("Escape");
    expect(clientErrors.filter((error) => !error.includes("404"))).toEqual([]);
  });
});
