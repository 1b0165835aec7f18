// The loop a user closes, in Chromium against the production build: sign in,
// create a key in Settings > API Credentials, read its one-time secret, get a token with the
// guide's JSON request, call GET /v1/agents with it, revoke the key in the dashboard, and the
// very next request with the same token is refused (401, RFC 6750 invalid_token).
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { signInThroughForm } from "../helpers/e2e";

const { baseUrl, ownerEmail, ownerPassword } = inject("e2e");
const ORG_PATH = "/my-org/settings/api-credentials";
const KEY_NAME = `API loop ${randomBytes(3).toString("hex")}`;

let browser: Browser;
let context: BrowserContext;
let page: Page;

function row(name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

const listAgents = (token: string) => fetch(`${baseUrl}/v1/agents`, { headers: { Authorization: `Bearer ${token}` } });

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
  await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
  await page.waitForURL(`**${ORG_PATH}`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("dashboard → token → API → revoke in the dashboard", () => {
  it("a token stops working on the very next request once its key is revoked in the UI", async () => {
    // Create a development key with read:agents; the secret is shown once.
    await page.getByRole("button", { name: "Create New API Key" }).click();
    const create = page.getByRole("dialog");
    await create.getByLabel("Name", { exact: true }).fill(KEY_NAME);
    await create.getByLabel("Environment", { exact: true }).selectOption({ label: "Development" });
    await create.getByRole("checkbox", { name: "read:agents" }).check();
    await create.getByRole("button", { name: "Create key" }).click();
    const secretField = create.getByLabel("Client Secret", { exact: true });
    await secretField.waitFor();
    const clientSecret = await secretField.inputValue();
    const clientId = await create.getByLabel("Client ID", { exact: true }).inputValue();
    expect(clientId).toMatch(/^wfc_[0-9A-Za-z]{24}$/);
    expect(clientSecret).toMatch(/^wfs_dev_[0-9A-Za-z]{49}$/);
    await create.getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => row(KEY_NAME).count()).toBe(1);

    // The guide's token request: a JSON body with client_id, client_secret and grant_type.
    const tokenResponse = await fetch(`${baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" }),
    });
    expect(tokenResponse.status).toBe(200);
    const issued = (await tokenResponse.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(issued.token_type).toBe("Bearer");
    const token = issued.access_token;

    // The guide's "Using Access Tokens": the key's organization and environment, nothing else.
    const before = await listAgents(token);
    expect(before.status).toBe(200);
    // Other e2e files share this organization; the list's shape is what matters here.
    expect(await before.json()).toEqual({ data: expect.any(Array), next_cursor: null });

    // Revoke in the dashboard (a development key asks for an acknowledgement, not its name).
    await row(KEY_NAME)
      .getByRole("button", { name: `Actions for ${KEY_NAME}` })
      .click();
    await page.getByRole("menuitem", { name: "Revoke…" }).click();
    const revoke = page.getByRole("alertdialog");
    await revoke.getByLabel("Reason").selectOption({ label: "Compromised" });
    await revoke.getByRole("checkbox", { name: /stop working immediately/ }).check();
    await revoke.getByRole("button", { name: "Revoke key" }).click();
    await expect.poll(() => row(KEY_NAME).textContent()).toContain("Revoked");

    // The very next request with the same token: one request, no retry.
    const after = await listAgents(token);
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(after.headers.get("content-type")).toContain("application/json");
    expect(((await after.json()) as { error: string }).error).toBe("invalid_token");

    // And the key cannot get a new token either.
    const again = await fetch(`${baseUrl}/v1/auth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, grant_type: "client_credentials" }),
    });
    expect(again.status).toBe(401);
  });
});
