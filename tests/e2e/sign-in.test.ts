// Sign-in, the dashboard shell, sign-out and membership removal, in a real Chromium against the
// production server on the embedded database.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { queryDatabase, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const ORG_PATH = "/my-org/settings/api-credentials";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

describe("dashboard sign-in", () => {
  it("sends a signed-out visitor to the sign-in page", async () => {
    const { context, page } = await newPage();
    await page.goto(`${baseUrl}${ORG_PATH}`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });

  it("before its script runs, the form cannot send the password anywhere: the button is disabled", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(ownerEmail);
    await page.getByLabel("Password").fill(ownerPassword);
    await expect.poll(() => page.getByRole("button", { name: "Sign in" }).isDisabled()).toBe(true);
    await page.getByLabel("Password").press("Enter");
    await page.waitForLoadState();
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
    expect(page.url()).not.toContain(encodeURIComponent(ownerPassword));
    await context.close();
  });

  it("says why when next-auth sends the visitor back: an expired form, an outage", async () => {
    const { context, page } = await newPage();
    const formAlert = page.getByRole("alert").filter({ hasText: /\S/ });
    await page.goto(`${baseUrl}/sign-in?csrf=true`);
    await expect
      .poll(() => formAlert.textContent())
      .toBe("This sign-in form has expired. Reload the page and try again.");
    await page.goto(`${baseUrl}/sign-in?error=unavailable`);
    await expect.poll(() => formAlert.textContent()).toBe("Sign-in is briefly unavailable. Try again in a moment.");
    await context.close();
  });

  it("answers a wrong password and an unknown email with the same generic error", async () => {
    const { context, page } = await newPage();
    await signInThroughForm(page, baseUrl, ownerEmail, "not-the-password");
    // Next's route announcer is also an alert region; the form's is the one with text.
    const formAlert = page.getByRole("alert").filter({ hasText: /\S/ });
    await expect.poll(() => formAlert.textContent()).toBe("Incorrect email or password.");
    await signInThroughForm(page, baseUrl, "nobody@e2e.test", "not-the-password");
    await expect.poll(() => formAlert.textContent()).toBe("Incorrect email or password.");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });

  it("signs the owner in to the organization's API Credentials settings", async () => {
    const { context, page } = await newPage();
    await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
    await page.waitForURL(`**${ORG_PATH}`);
    await expect.poll(() => page.getByRole("heading", { name: "API Credentials" }).count()).toBe(1);
    expect(await page.getByRole("banner").textContent()).toContain("My Organization");
    expect(
      await page
        .getByRole("navigation", { name: "Settings" })
        .getByRole("link", { name: "API Credentials" })
        .getAttribute("aria-current"),
    ).toBe("page");
    await context.close();
  });

  it("shows a 404 for an organization the user is not a member of", async () => {
    const { context, page } = await newPage();
    await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
    await page.waitForURL(`**${ORG_PATH}`);
    const response = await page.goto(`${baseUrl}/some-other-org/settings/api-credentials`);
    expect(response?.status()).toBe(404);
    await context.close();
  });

  it("signing out ends the session on the server, not only in the browser", async () => {
    const { context, page } = await newPage();
    await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
    await page.waitForURL(`**${ORG_PATH}`);
    const stolenCookies = await context.cookies();
    await page.getByRole("button", { name: /account menu/i }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in**");

    const replay = await browser.newContext();
    await replay.addCookies(stolenCookies);
    const replayPage = await replay.newPage();
    await replayPage.goto(`${baseUrl}${ORG_PATH}`);
    await expect.poll(() => new URL(replayPage.url()).pathname).toBe("/sign-in");
    await replay.close();
    await context.close();
  });

  it("a member removed from the organization is out on the next request", async () => {
    const email = `dev-${Date.now()}@e2e.test`;
    const password = "developer-password-1";
    const org = await sql("SELECT id FROM organizations WHERE slug = 'my-org'");
    const user = await sql(
      "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Dev', $2, now()) RETURNING id",
      [email, await hashPassword(password)],
    );
    await sql(
      "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'developer', now())",
      [user.rows[0].id, org.rows[0].id],
    );
    const { context, page } = await newPage();
    await signInThroughForm(page, baseUrl, email, password);
    await page.waitForURL(`**${ORG_PATH}`);

    await sql("DELETE FROM memberships WHERE user_id = $1", [user.rows[0].id]);
    const response = await page.goto(`${baseUrl}${ORG_PATH}`);
    expect(response?.status()).toBe(404);
    await context.close();
  });
});

describe("security headers", () => {
  it("every page carries CSP with frame-ancestors 'none', nosniff and a referrer policy, and no X-Powered-By", async () => {
    const response = await fetch(`${baseUrl}/sign-in`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("a malformed Origin header is a 400, never a 500 (vercel/next.js#92702)", async () => {
    const response = await fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      headers: { origin: "x", "next-action": "abc", "content-type": "text/plain" },
      body: "[]",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "invalid_request", message: "The Origin header is malformed." },
    });
  });

  it("an unknown page is a 404 page, not an error", async () => {
    const response = await fetch(`${baseUrl}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/at \w+ \(|node_modules/);
  });
});
