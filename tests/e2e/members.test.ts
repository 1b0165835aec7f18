// Settings > Members and Audit log in Chromium against the production build: the owner changes a
// member's role after confirming it (Cancel changes nothing) and sees it in the audit log, finds the
// last owner's controls disabled with the reason, sees a stale error in the invite dialog go once
// the field is edited, removes a member; a viewer sees the list without any control that
// changes it and gets a 404 for the audit log; axe finds nothing serious on either page.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AUDIT_ACTION_FILTERS } from "@/lib/audit/audit-actions";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const MEMBERS_PATH = "/my-org/settings/members";
const AUDIT_PATH = "/my-org/settings/audit-log";

let browser: Browser;
let owner: { context: BrowserContext; page: Page };
const clientErrors: string[] = [];

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

async function addMember(name: string, role: "admin" | "developer" | "viewer") {
  const email = `${role}-${randomBytes(4).toString("hex")}@e2e.test`;
  const password = `${role}-password-1`;
  const org = await sql("SELECT id FROM organizations WHERE slug = 'my-org'");
  const user = await sql(
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id",
    [email, name, await hashPassword(password)],
  );
  await sql(
    "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now())",
    [user.rows[0].id, org.rows[0].id, role],
  );
  return { email, password, id: user.rows[0].id as string };
}

async function signedIn(email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, email, password);
  await page.waitForURL("**/my-org/**");
  return { context, page };
}

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await signedIn(ownerEmail, ownerPassword);
});
afterAll(async () => {
  await owner?.context.close();
  await browser?.close();
});

describe("Members and audit log", () => {
  it("the owner changes a member's role and the audit log shows it", async () => {
    const dev = await addMember("Devi Developer", "developer");
    const { page } = owner;
    await page.goto(`${baseUrl}${MEMBERS_PATH}`);
    await page.getByRole("heading", { name: "Members" }).waitFor();
    expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // A role change waits for a confirmation that shows old → new; Cancel leaves the role alone.
    const select = page.getByLabel("Role of Devi Developer");
    await select.selectOption("admin");
    const dialog = page.getByRole("alertdialog");
    await expect.poll(() => dialog.textContent()).toContain("Developer → Admin");
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByRole("alertdialog").count()).toBe(0);
    expect(await select.inputValue()).toBe("developer");
    expect(await select.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await sql("SELECT role FROM memberships WHERE user_id = $1", [dev.id])).rows[0].role).toBe("developer");
    expect(await page.getByText("Devi Developer is now admin.").count()).toBe(0);

    await select.selectOption("admin");
    await page.getByRole("alertdialog").getByRole("button", { name: "Change role" }).click();
    await expect.poll(() => page.getByText("Devi Developer is now admin.").count()).toBe(1);
    await expect.poll(() => page.getByRole("alertdialog").count()).toBe(0);
    await expect.poll(() => select.inputValue()).toBe("admin");
    await expect
      .poll(async () => (await sql("SELECT role FROM memberships WHERE user_id = $1", [dev.id])).rows[0].role)
      .toBe("admin");

    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const row = page.getByTestId("audit-row").filter({ hasText: "member.role_changed" }).filter({ hasText: dev.id });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(ownerEmail);
    // Details read as key: value pairs, and the target is the member's name, not only an id.
    expect(await row.textContent()).toContain("from:developer");
    expect(await row.textContent()).toContain("to:admin");
    expect(await row.locator("td:nth-child(4)").textContent()).toContain("Devi Developer");
    expect(await seriousViolations(page)).toEqual([]);

    // The event type filter offers exactly the actions the code can write (and their areas).
    const filter = page.getByLabel("Event type");
    const values = await filter
      .locator("option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(values).toEqual(["", ...AUDIT_ACTION_FILTERS]);
    expect(values).toContain("credential.revoked");
    expect(values).not.toContain("credential.deleted");
    await filter.selectOption("member.");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=member\./);
    const actions = await page.getByTestId("audit-row").locator("td:nth-child(3)").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action) => action.startsWith("member."))).toBe(true);
    expect(await page.getByLabel("Event type").inputValue()).toBe("member.");

    await page.getByLabel("Event type").selectOption("member.role_changed");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=member\.role_changed/);
    const changed = await page.getByTestId("audit-row").locator("td:nth-child(3)").allTextContents();
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((action) => action === "member.role_changed")).toBe(true);
  });

  it("the last owner's role and Remove controls are disabled up front, with the reason", async () => {
    const owners = await sql(
      "SELECT count(*)::int AS n FROM memberships WHERE role = 'owner' AND org_id = (SELECT id FROM organizations WHERE slug = 'my-org')",
    );
    expect(owners.rows[0].n).toBe(1);
    const { page } = owner;
    await page.goto(`${baseUrl}${MEMBERS_PATH}`);
    const ownerRow = page.getByTestId("member-row").filter({ hasText: ownerEmail });
    const role = ownerRow.getByRole("combobox");
    const remove = ownerRow.getByRole("button", { name: /^Remove/ });
    expect(await role.isDisabled()).toBe(true);
    expect(await remove.isDisabled()).toBe(true);
    for (const control of [role, remove]) {
      const describedBy = await control.getAttribute("aria-describedby");
      expect(describedBy).toBeTruthy();
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(
        "An organization needs at least one owner.",
      );
      expect(await control.getAttribute("title")).toBe("An organization needs at least one owner.");
    }
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("a field's error in the invite dialog disappears once the email is edited", async () => {
    const { page } = owner;
    await page.goto(`${baseUrl}${MEMBERS_PATH}`);
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog");
    const email = dialog.getByLabel("Email", { exact: true });
    // The owner is a member already: the field says so.
    await email.fill(ownerEmail.toUpperCase());
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.getByText("This person is already a member.").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await email.pressSequentially("x");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBeNull();
    expect(await dialog.getByText("This person is already a member.").count()).toBe(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("dialog").count()).toBe(0);
  });

  it("the owner removes a member after confirming; the removed user is out on the next request", async () => {
    const leaving = await addMember("Lee Leaving", "developer");
    const session = await signedIn(leaving.email, leaving.password);
    const { page } = owner;
    await page.goto(`${baseUrl}${MEMBERS_PATH}`);
    await page.getByRole("button", { name: "Remove Lee Leaving" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText(leaving.email, { exact: false }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect.poll(() => page.getByText("Lee Leaving was removed from the organization.").count()).toBe(1);
    await expect.poll(() => page.getByTestId("member-row").filter({ hasText: leaving.email }).count()).toBe(0);
    expect((await sql("SELECT count(*)::int AS n FROM memberships WHERE user_id = $1", [leaving.id])).rows[0].n).toBe(
      0,
    );
    const response = await session.page.goto(`${baseUrl}${MEMBERS_PATH}`);
    expect(response?.status()).toBe(404);
    await session.context.close();
  });

  it("a viewer sees the list with no control that changes it, and no audit log", async () => {
    const viewer = await addMember("Vic Viewer", "viewer");
    const session = await signedIn(viewer.email, viewer.password);
    const { page } = session;
    await page.goto(`${baseUrl}${MEMBERS_PATH}`);
    await page.getByRole("heading", { name: "Members" }).waitFor();
    expect(await page.getByTestId("member-row").filter({ hasText: ownerEmail }).count()).toBe(1);
    expect(await page.getByRole("combobox").count()).toBe(0);
    expect(await page.getByRole("button", { name: /Remove/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    const response = await page.goto(`${baseUrl}${AUDIT_PATH}`);
    expect(response?.status()).toBe(404);
    expect(await page.getByText("member.role_changed").count()).toBe(0);
    await session.context.close();
  });

  it("the browser logged no errors along the way", () => {
    // The viewer's audit log and the removed member's next page are the 404s we caused on purpose.
    expect(clientErrors.filter((error) => !error.includes(AUDIT_PATH) && !error.includes(MEMBERS_PATH))).toEqual([]);
  });
});
