// Settings > API Credentials in Chromium against the production build: create and see the secret
// once, copy it, rotate, revoke with a reason, filter by environment, a viewer's read-only view,
// and axe checks of the page and its dialogs.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const ORG_PATH = "/my-org/settings/api-credentials";
const SECRET = /^wfs_(live|stg|dev)_[0-9A-Za-z]{49}$/;

let browser: Browser;
let owner: { context: BrowserContext; page: Page };
/** Uncaught errors and console errors in any page (hydration mismatches, failed requests, …). */
const clientErrors: string[] = [];

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

async function signedIn(email: string, password: string) {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, email, password);
  await page.waitForURL(`**${ORG_PATH}`);
  return { context, page };
}

async function createKey(
  page: Page,
  name: string,
  environment: "Production" | "Staging" | "Development",
  scopes: string[],
) {
  await page.getByRole("button", { name: "Create New API Key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: environment });
  for (const scope of scopes) await dialog.getByRole("checkbox", { name: scope }).check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secretField = dialog.getByLabel("Client Secret", { exact: true });
  await secretField.waitFor();
  return {
    dialog,
    secret: await secretField.inputValue(),
    clientId: await dialog.getByLabel("Client ID", { exact: true }).inputValue(),
  };
}

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await signedIn(ownerEmail, ownerPassword);
});
afterAll(async () => {
  await owner?.context.close();
  await browser?.close();
});

describe("API Credentials", () => {
  it("shows the empty state with the whole path, and no serious accessibility violations", async () => {
    const { page } = owner;
    const emptyOrg = (await sql("SELECT count(*)::int AS n FROM api_keys")).rows[0].n === 0;
    if (emptyOrg) {
      await expect.poll(() => page.getByRole("heading", { name: "No API keys yet" }).count()).toBe(1);
      expect(await page.getByText("curl -X POST").count()).toBe(1);
    }
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create New API Key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => dialog.getByText("Choose at least one scope.").count()).toBe(1);
    expect(await dialog.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("creates a key and shows its secret exactly once; copy puts it on the clipboard", async () => {
    const { page } = owner;
    const { dialog, secret, clientId } = await createKey(page, "Billing worker", "Production", [
      "read:agents",
      "write:agents",
    ]);
    expect(secret).toMatch(SECRET);
    expect(secret.startsWith("wfs_live_")).toBe(true);
    expect(await dialog.getByText("You won't be able to see this secret again", { exact: false }).count()).toBe(1);
    expect(await dialog.locator("pre").first().textContent()).toBe(
      `WORKFLUX_CLIENT_ID=${clientId}\nWORKFLUX_CLIENT_SECRET=${secret}`,
    );
    // The curl example masks the secret until "Show".
    const curl = dialog.locator("pre").nth(1);
    expect(await curl.textContent()).not.toContain(secret);
    await dialog.getByRole("button", { name: /Show/ }).click();
    expect(await curl.textContent()).toContain(secret);

    await dialog.getByRole("button", { name: "Copy Client Secret" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    expect(await seriousViolations(page)).toEqual([]);

    // Esc asks before closing; "Keep it open" keeps the secret on screen.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.getByText("Close without saving the secret?").count()).toBe(1);
    await dialog.getByRole("button", { name: "Keep it open" }).click();
    expect(await dialog.getByLabel("Client Secret", { exact: true }).inputValue()).toBe(secret);
    await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

    await expect.poll(() => row(page, "Billing worker").count()).toBe(1);
    expect(await page.content()).not.toContain(secret);
    const hint = `wfs_live_…${secret.slice(-4)}`;
    expect(await row(page, "Billing worker").textContent()).toContain(hint);

    const response = await page.reload();
    expect(response?.headers()["cache-control"]).toContain("no-store");
    expect(await response?.text()).not.toContain(secret.slice(9));
    expect(await page.content()).not.toContain(secret.slice(9));
    const storage = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(storage).not.toContain(secret.slice(9));
    const api = await page.request.get(`${baseUrl}/api/orgs/my-org/credentials`);
    expect(await api.text()).not.toContain(secret.slice(9));
  });

  it("refuses a cross-site read of the credentials route", async () => {
    const response = await owner.page.request.get(`${baseUrl}/api/orgs/my-org/credentials`, {
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    });
    expect(response.status()).toBe(403);
  });

  it("rotates with a grace period and reveals a new secret once", async () => {
    const { page } = owner;
    const before = (await sql("SELECT secret_hint FROM api_keys WHERE name = 'Billing worker'")).rows[0].secret_hint;
    await row(page, "Billing worker").getByRole("button", { name: "Actions for Billing worker" }).click();
    await page.getByRole("menuitem", { name: "Rotate secret…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: /1 hour/ }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    const secretField = dialog.getByLabel("Client Secret", { exact: true });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(SECRET);
    expect(secret.endsWith(before.slice(-4))).toBe(false);
    await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => row(page, "Billing worker").textContent()).toContain("Rotating");
    expect(await row(page, "Billing worker").textContent()).toContain("Previous secret valid until");
    expect(await page.content()).not.toContain(secret.slice(9));

    // The detail page shows the rotation state and the audit trail.
    await row(page, "Billing worker").getByRole("link", { name: "Billing worker" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Rotation in progress" }).count()).toBe(1);
    const trail = page.getByRole("region", { name: "Audit trail" });
    await expect.poll(() => trail.textContent()).toContain("Secret rotated");
    expect(await trail.textContent()).toContain("Created");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "API Credentials" }).first().click();
    await page.waitForURL(`**${ORG_PATH}`);
  });

  it("revokes a production key with a reason after typing its name", async () => {
    const { page } = owner;
    await row(page, "Billing worker").getByRole("button", { name: "Actions for Billing worker" }).click();
    await page.getByRole("menuitem", { name: "Revoke…" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("stop working at once");
    const revoke = dialog.getByRole("button", { name: "Revoke key" });
    await dialog.getByLabel("Reason").selectOption({ label: "Compromised" });
    expect(await revoke.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill("Billing worker");
    expect(await seriousViolations(page)).toEqual([]);
    await revoke.click();
    await expect.poll(() => row(page, "Billing worker").textContent()).toContain("Revoked");
    const db = await sql(
      "SELECT revoked_reason, revoked_at IS NOT NULL AS revoked, tokens_valid_after IS NOT NULL AS cut FROM api_keys WHERE name = 'Billing worker'",
    );
    expect(db.rows[0]).toEqual({ revoked_reason: "compromised", revoked: true, cut: true });
    // A revoked key offers no more management actions.
    await row(page, "Billing worker").getByRole("button", { name: "Actions for Billing worker" }).click();
    expect(await page.getByRole("menuitem", { name: "Rotate secret…" }).count()).toBe(0);
    await page.keyboard.press("Escape");
  });

  it("filters by environment through the URL", async () => {
    const { page } = owner;
    const { dialog } = await createKey(page, "Local dev", "Development", ["read:agents"]);
    await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => row(page, "Local dev").count()).toBe(1);

    await page.getByRole("button", { name: /^Development/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("env")).toBe("development");
    await expect.poll(() => row(page, "Local dev").count()).toBe(1);
    expect(await row(page, "Billing worker").count()).toBe(0);

    await page.reload();
    expect(await page.getByRole("button", { name: /^Development/ }).getAttribute("aria-pressed")).toBe("true");
    expect(await row(page, "Billing worker").count()).toBe(0);
    await page.getByRole("button", { name: /^Production/ }).click();
    await expect.poll(() => row(page, "Billing worker").count()).toBe(1);
    expect(await row(page, "Local dev").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: /^All/ }).click();
    await page.getByRole("searchbox", { name: "Search by name or Client ID" }).fill("local");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("local");
    await expect.poll(() => row(page, "Billing worker").count()).toBe(0);
    await expect.poll(() => row(page, "Local dev").count()).toBe(1);
  });

  it("a viewer sees every key but no control that changes one", async () => {
    const email = `viewer-${randomBytes(4).toString("hex")}@e2e.test`;
    const password = "viewer-password-1";
    const org = await sql("SELECT id FROM organizations WHERE slug = 'my-org'");
    const user = await sql(
      "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Vera Viewer', $2, now()) RETURNING id",
      [email, await hashPassword(password)],
    );
    await sql(
      "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'viewer', now())",
      [user.rows[0].id, org.rows[0].id],
    );
    const viewer = await signedIn(email, password);
    const { page } = viewer;
    await expect.poll(() => row(page, "Local dev").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Create New API Key" }).count()).toBe(0);
    await row(page, "Local dev").getByRole("button", { name: "Actions for Local dev" }).click();
    const items = await page.getByRole("menuitem").allTextContents();
    expect(items).toEqual(["View details"]);
    await page.getByRole("menuitem", { name: "View details" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Local dev" }).count()).toBe(1);
    for (const name of ["Edit", "Rotate secret", "Revoke", "End now"]) {
      expect(await page.getByRole("button", { name }).count()).toBe(0);
    }
    await viewer.context.close();
  });

  it("the browser logged no errors along the way (no hydration mismatch, no failed request)", () => {
    // The cross-site probe above is the one 403 we caused on purpose; it went through page.request, not the page.
    expect(clientErrors).toEqual([]);
  });
});
