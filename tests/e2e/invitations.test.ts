// Invitations in Chromium against the production build. With mail delivered to a real SMTP server
// on 127.0.0.1: the owner invites a developer, the mail arrives, the invitee opens its link in a
// fresh browser, creates the account, lands in the organization as a developer and creates a
// development key. Without SMTP: the link is shown once to copy (closing asks first), Resend
// shows a new one and the old link stops working, Revoke ends it; an address with an account signs
// in on the invitation page and joins; a signed-in user with another address is told so. axe on
// every page and dialog.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import {
  collectClientErrors,
  queryDatabase,
  seriousViolations,
  signInThroughForm,
  startMailingServer,
} from "../helpers/e2e";
import { linkIn } from "../helpers/smtp-sink";

const shared = inject("e2e");
const MEMBERS_PATH = "/my-org/settings/members";
const NEW_PASSWORD = "invited-password-1";

let browser: Browser;
const contexts: BrowserContext[] = [];
const clientErrors: string[] = [];

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@e2e.test`;

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

/** Opens "Invite member", fills it and sends it; returns the dialog. */
async function invite(page: Page, baseUrl: string, email: string, role: string) {
  await page.goto(`${baseUrl}${MEMBERS_PATH}`);
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email", { exact: true }).fill(email);
  await dialog.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  return dialog;
}

/** The link shown once in the no-SMTP dialog. */
async function shownLink(page: Page): Promise<string> {
  const field = page.getByRole("dialog").getByLabel("Invitation link", { exact: true });
  await field.waitFor();
  return field.inputValue();
}

const invitationRow = (page: Page, email: string) => page.getByTestId("invitation-row").filter({ hasText: email });

async function createAccount(page: Page, name: string) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("an invitation by mail", () => {
  let mailing: Awaited<ReturnType<typeof startMailingServer>>;
  beforeAll(async () => {
    mailing = await startMailingServer();
  });
  afterAll(async () => {
    // Its pages first: a page still open would prefetch from a server that is stopping (503).
    for (const context of contexts.splice(0)) await context.close();
    await mailing?.stop();
  });

  it("reaches the invitee, who creates an account, joins as a developer and creates a development key", async () => {
    const { baseUrl, owner, sink } = mailing;
    const email = unique("devi");
    const ownerPage = await signedIn(baseUrl, owner.email, owner.password);
    await ownerPage.goto(`${baseUrl}${MEMBERS_PATH}`);
    expect(await seriousViolations(ownerPage)).toEqual([]);
    const dialog = await invite(ownerPage, baseUrl, email, "Developer");
    await expect.poll(() => ownerPage.getByText(`Invitation sent to ${email}.`).count()).toBe(1);
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => invitationRow(ownerPage, email).count()).toBe(1);
    expect(await invitationRow(ownerPage, email).textContent()).toContain("Developer");

    const mail = await sink.waitForMail(email);
    expect(mail.subject).toContain("invited you to");
    const link = linkIn(mail, `${baseUrl}/invite/`);

    const invitee = await freshPage();
    const answer = await invitee.goto(link);
    expect(answer?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toContain("Join");
    expect(await invitee.getByLabel("Email", { exact: true }).inputValue()).toBe(email);
    expect(await seriousViolations(invitee)).toEqual([]);
    // A mistyped confirmation is caught before anything is created.
    await invitee.getByLabel("Your name").fill("Devi Developer");
    await invitee.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
    await invitee.getByLabel("Confirm password").fill(`${NEW_PASSWORD}x`);
    await invitee.getByRole("button", { name: "Create account and join" }).click();
    await expect.poll(() => invitee.getByText("The passwords do not match.").count()).toBe(1);
    await createAccount(invitee, "Devi Developer");
    await invitee.waitForURL(`${baseUrl}/my-org**`);

    await invitee.goto(`${baseUrl}/my-org/settings/api-credentials`);
    await invitee.getByRole("button", { name: "Create New API Key" }).click();
    const create = invitee.getByRole("dialog");
    // A developer may create only outside production.
    const environments = await create.getByLabel("Environment", { exact: true }).locator("option").allTextContents();
    expect(environments).not.toContain("Production");
    await create.getByLabel("Name", { exact: true }).fill("Devi's laptop");
    await create.getByLabel("Environment", { exact: true }).selectOption({ label: "Development" });
    await create.getByRole("checkbox", { name: "read:agents" }).check();
    await create.getByRole("button", { name: "Create key" }).click();
    await create.getByLabel("Client Secret", { exact: true }).waitFor();

    // The invitation is used up: the list no longer has it and the link says so.
    await ownerPage.goto(`${baseUrl}${MEMBERS_PATH}`);
    expect(await invitationRow(ownerPage, email).count()).toBe(0);
    expect(await ownerPage.getByTestId("member-row").filter({ hasText: email }).textContent()).toContain("Developer");
    const later = await freshPage();
    await later.goto(link);
    expect(await later.getByRole("heading", { level: 1 }).textContent()).toBe("This invitation was already used");
    expect(clientErrors).toEqual([]);
  });
});

describe("without SMTP", () => {
  const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = shared;
  let owner: Page;
  beforeAll(async () => {
    owner = await signedIn(baseUrl, ownerEmail, ownerPassword);
  });

  it("shows the link once to copy; closing asks first; the link creates the account", async () => {
    const email = unique("vic");
    await invite(owner, baseUrl, email, "Viewer");
    const link = await shownLink(owner);
    expect(link).toMatch(new RegExp(`^${baseUrl}/invite/[A-Za-z0-9_-]{43}$`));
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.keyboard.press("Escape");
    await expect.poll(() => owner.getByText("Close without copying the link?").count()).toBe(1);
    await owner.getByRole("button", { name: "Keep it open" }).click();
    await owner.getByRole("button", { name: "Done, I've copied it" }).click();
    expect(await owner.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => invitationRow(owner, email).count()).toBe(1);
    // Shown once: nothing on the page holds the link any more.
    expect(await owner.content()).not.toContain(link.slice(link.lastIndexOf("/") + 1));

    const invitee = await freshPage();
    await invitee.goto(link);
    await createAccount(invitee, "Vic Viewer");
    await invitee.waitForURL(`${baseUrl}/my-org**`);
    const member = await queryDatabase(
      databaseUrl,
      "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.org_id WHERE u.email = $1 AND o.slug = 'my-org'",
      [email],
    );
    expect(member.rows).toEqual([{ role: "viewer" }]);
  });

  it("Resend shows a new link and the old one stops working; Revoke ends the link", async () => {
    const email = unique("rae");
    await invite(owner, baseUrl, email, "Developer");
    const first = await shownLink(owner);
    await owner.getByRole("button", { name: "Done, I've copied it" }).click();
    await invitationRow(owner, email)
      .getByRole("button", { name: /^Resend/ })
      .click();
    const second = await shownLink(owner);
    expect(second).not.toBe(first);
    await owner.getByRole("button", { name: "Done, I've copied it" }).click();

    const visitor = await freshPage();
    await visitor.goto(first);
    expect(await visitor.getByRole("heading", { level: 1 }).textContent()).toBe("This invitation link is not valid");
    expect(await seriousViolations(visitor)).toEqual([]);

    await invitationRow(owner, email)
      .getByRole("button", { name: /^Revoke/ })
      .click();
    const confirm = owner.getByRole("alertdialog");
    expect(await seriousViolations(owner)).toEqual([]);
    await confirm.getByRole("button", { name: "Revoke invitation" }).click();
    await expect.poll(() => invitationRow(owner, email).count()).toBe(0);
    await visitor.goto(second);
    expect(await visitor.getByRole("heading", { level: 1 }).textContent()).toBe("This invitation was revoked");
  });

  it("an address with an account signs in on the invitation page and joins; another address is told so", async () => {
    const email = unique("sam");
    const password = "sam-existing-password-1";
    await queryDatabase(
      databaseUrl,
      "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Sam Existing', $2, now())",
      [email, await hashPassword(password)],
    );
    await invite(owner, baseUrl, email.toUpperCase(), "Admin");
    const link = await shownLink(owner);
    await owner.getByRole("button", { name: "Done, I've copied it" }).click();

    // The owner is signed in with another address.
    await owner.goto(link);
    expect(await owner.getByRole("heading", { level: 1 }).textContent()).toBe("This invitation is for another address");
    expect(await owner.getByText(ownerEmail).count()).toBeGreaterThan(0);
    expect(await seriousViolations(owner)).toEqual([]);

    const invitee = await freshPage();
    await invitee.goto(link);
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Sign in to join /);
    expect(await invitee.getByLabel("Email").inputValue()).toBe(email.toUpperCase());
    await invitee.getByLabel("Password").fill(password);
    await invitee.getByRole("button", { name: "Sign in" }).click();
    await invitee.getByRole("button", { name: /^Join / }).click();
    await invitee.waitForURL(`${baseUrl}/my-org**`);
    await invitee.goto(`${baseUrl}/my-org/settings/audit-log`);
    expect(new URL(invitee.url()).pathname).toBe("/my-org/settings/audit-log");
    expect(await invitee.getByRole("heading", { level: 1 }).textContent()).toBe("Audit log");
    expect(clientErrors).toEqual([]);
  });
});
