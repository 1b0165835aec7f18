// Password reset and change in Chromium against the production build, with mail delivered to a
// real SMTP server on 127.0.0.1: forgot password → the mail → a new password → the old session is
// signed out and the new password works; Settings > Account changes the password and keeps this
// browser signed in while another one is signed out; without SMTP the forgot-password page says
// to ask the operator. axe on every page.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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

async function signedIn(baseUrl: string, email: string, password: string): Promise<Page> {
  const page = await freshPage();
  await signInThroughForm(page, baseUrl, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

/** Whether the page's session still opens the dashboard (a signed-out one lands on sign-in). */
async function stillSignedIn(page: Page, baseUrl: string): Promise<boolean> {
  await page.goto(`${baseUrl}/my-org/settings/account`);
  return !new URL(page.url()).pathname.startsWith("/sign-in");
}

beforeAll(async () => {
  [browser, mailing] = await Promise.all([launchBrowser(), startMailingServer()]);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await mailing?.stop();
});

describe("password reset by mail", () => {
  it("mails a link that sets a new password and signs out the old session", async () => {
    const { baseUrl, owner, sink } = mailing;
    const oldSession = await signedIn(baseUrl, owner.email, owner.password);

    const page = await freshPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Email").fill(owner.email.toUpperCase());
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("status").getByText("a link to choose a new password is on its way").waitFor();

    const mail = await sink.waitForMail(owner.email);
    expect(mail.subject).toBe("Reset your WorkFlux password");
    const link = linkIn(mail, `${baseUrl}/reset-password/`);
    await page.goto(link);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    expect(await page.locator('meta[name="referrer"]').getAttribute("content")).toBe("no-referrer");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("New password", { exact: true }).fill("short");
    await page.getByLabel("Confirm new password").fill("short");
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Use at least 12 characters.").waitFor();
    const newPassword = "reset-by-mail-password-7";
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL("**/sign-in?reset=done");
    await page.getByText("Your password was changed").waitFor();

    expect(await stillSignedIn(oldSession, baseUrl)).toBe(false);
    await page.goto(link);
    await page.getByRole("heading", { name: "This link cannot be used" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await signInThroughForm(page, baseUrl, owner.email, newPassword);
    await page.waitForURL("**/my-org/**");
    owner.password = newPassword;
  });
});

describe("Settings > Account", () => {
  it("changes the password, keeps this browser signed in and signs the other one out", async () => {
    const { baseUrl, owner } = mailing;
    const other = await signedIn(baseUrl, owner.email, owner.password);
    const page = await signedIn(baseUrl, owner.email, owner.password);
    await page.goto(`${baseUrl}/my-org/settings/account`);
    await page.getByRole("heading", { name: "Account" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Current password").fill("not-the-password");
    await page.getByLabel("New password", { exact: true }).fill("changed-in-settings-1");
    await page.getByLabel("Confirm new password").fill("changed-in-settings-1");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("This is not your current password.").waitFor();

    await page.getByLabel("Current password").fill(owner.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed. Your other sessions were signed out.").waitFor();
    expect(await stillSignedIn(page, baseUrl)).toBe(true);
    expect(await stillSignedIn(other, baseUrl)).toBe(false);
    expect(clientErrors).toEqual([]);
  });
});

describe("without SMTP", () => {
  it("the forgot-password page says to ask the operator instead of offering a mail", async () => {
    const { baseUrl } = inject("e2e");
    const page = await freshPage();
    await page.goto(`${baseUrl}/forgot-password`);
    await page.getByText("This WorkFlux server does not send email").waitFor();
    expect(await page.getByRole("button", { name: "Send reset link" }).count()).toBe(0);
    expect(await page.getByText("npm run users -- reset-link").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
