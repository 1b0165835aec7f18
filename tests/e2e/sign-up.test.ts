// Sign-up (AC-06) in Chromium against the production build, with ALLOW_SIGNUP=true and mail
// delivered to a real SMTP server on 127.0.0.1: sign up → "Check your inbox" → signed in, only
// the check-inbox page (resend retires the first link) → the mailed link confirms the address and
// lands in the new organization → the link cannot be used twice; an existing address gets the
// same answer and its owner a notice; without SMTP the form signs in and opens the new
// organization, and an existing address is a field error; on the shared server (sign-up closed) /sign-up is a 404 and
// the sign-in page offers no sign-up. axe on every page.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppServer } from "../helpers/app-server";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, seriousViolations, signInThroughForm, startMailingServer } from "../helpers/e2e";
import { linkIn } from "../helpers/smtp-sink";

let browser: Browser;
let mailing: Awaited<ReturnType<typeof startMailingServer>>;
const contexts: BrowserContext[] = [];
const clientErrors: string[] = [];

async function freshPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  return page;
}

async function fillSignUp(
  page: Page,
  fields: { email: string; name: string; password: string; confirm?: string; organization: string },
) {
  await page.getByLabel("Email").fill(fields.email);
  await page.getByLabel("Your name").fill(fields.name);
  await page.getByLabel("Password", { exact: true }).fill(fields.password);
  await page.getByLabel("Confirm password").fill(fields.confirm ?? fields.password);
  await page.getByLabel("Organization name").fill(fields.organization);
  await page.getByRole("button", { name: "Create account" }).click();
}

beforeAll(async () => {
  [browser, mailing] = await Promise.all([launchBrowser(), startMailingServer({ ALLOW_SIGNUP: "true" })]);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await mailing?.stop();
});

describe("sign-up with SMTP", () => {
  it("mails a link that confirms the address; until then only the check-inbox page; then the new organization", async () => {
    const { baseUrl, sink } = mailing;
    const email = "ada-signup@e2e.test";
    const password = "signed-up-password-42";
    const page = await freshPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByRole("heading", { name: "Create your WorkFlux account" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await fillSignUp(page, { email, name: "Ada", password: "short", organization: "Lovelace Labs" });
    await page.getByText("Use at least 12 characters.").waitFor();
    expect(await page.getByLabel("Password", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await seriousViolations(page)).toEqual([]);

    await fillSignUp(page, { email: email.toUpperCase(), name: "Ada", password, organization: "Lovelace Labs" });
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    await page.getByRole("status").getByText(email).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const first = linkIn(await sink.waitForMail(email), `${baseUrl}/verify-email/`);

    // Signed in with an unconfirmed address: the check-inbox page, whatever is asked for.
    await signInThroughForm(page, baseUrl, email, password);
    await page.waitForURL("**/verify-email");
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${baseUrl}/lovelace-labs/settings/api-credentials`);
    await page.waitForURL("**/verify-email");

    const before = sink.messages.length;
    await page.getByRole("button", { name: "Resend the link" }).click();
    await page.getByRole("status").getByText("A new link is on its way").waitFor();
    const second = linkIn(await sink.waitForMail(email, { after: before }), `${baseUrl}/verify-email/`);
    expect(second).not.toBe(first);

    await page.goto(first);
    await page.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    expect(await page.locator('meta[name="referrer"]').getAttribute("content")).toBe("no-referrer");
    expect(await seriousViolations(page)).toEqual([]);

    // Opening the link spends nothing (a mail scanner may open it first); the button does.
    await page.goto(second);
    await page.getByRole("heading", { name: "Confirm your email address" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(second);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.waitForURL("**/lovelace-labs/settings/api-credentials");
    await page.getByRole("heading", { name: "API Credentials" }).waitFor();

    await page.goto(second);
    await page.getByText("This link has already been used").waitFor();
    expect(clientErrors).toEqual([]);
  });

  it("answers an address that already has an account like a new one, and mails its owner instead", async () => {
    const { baseUrl, sink, owner } = mailing;
    const page = await freshPage();
    await page.goto(`${baseUrl}/sign-up`);
    const before = sink.messages.length;
    await fillSignUp(page, { email: owner.email, name: "Mallory", password: "not-the-owners-1", organization: "Mine" });
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    await page.getByRole("status").getByText(owner.email).waitFor();
    const notice = await sink.waitForMail(owner.email, { after: before });
    expect(notice.subject).toBe("Someone tried to sign up with your address");
    expect(clientErrors).toEqual([]);
  });
});

describe("sign-up without SMTP", () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "workflux-signup-e2e-"));
    server = await startAppServer({
      dataDir,
      env: { ADMIN_EMAIL: "nosmtp-owner@e2e.test", ADMIN_PASSWORD: "nosmtp-owner-password-1", ALLOW_SIGNUP: "true" },
    });
    await server.listening;
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs the new account in and opens its organization; an existing address is a field error", async () => {
    const page = await freshPage();
    await page.goto(`${server.baseUrl}/sign-up`);
    await fillSignUp(page, {
      email: "nosmtp-owner@e2e.test",
      name: "Someone",
      password: "someone-password-1",
      organization: "Taken Address Inc",
    });
    await page.getByText("An account with this email already exists").first().waitFor();
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");

    await fillSignUp(page, {
      email: "grace@e2e.test",
      name: "Grace",
      password: "grace-password-12",
      organization: "Hopper Compilers",
    });
    await page.waitForURL("**/hopper-compilers/settings/api-credentials");
    await page.getByRole("heading", { name: "API Credentials" }).waitFor();
    expect(clientErrors).toEqual([]);
  });
});

describe("sign-up closed (the default)", () => {
  it("answers /sign-up with 404 and offers no sign-up on the sign-in page", async () => {
    const { baseUrl } = inject("e2e");
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/sign-up`);
    expect(response?.status()).toBe(404);
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Forgot password?" }).waitFor();
    expect(await page.getByRole("link", { name: "Create an account" }).count()).toBe(0);
  });
});
