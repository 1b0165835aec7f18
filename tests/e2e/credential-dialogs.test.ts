// The key dialogs in Chromium against the production build, in an organization of its own: focus
// goes back to what opened Edit, Rotate and Revoke when they close (from a row's menu and from the
// detail page's buttons), and a field's error disappears as soon as the user edits that field.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl } = inject("e2e");
const slug = `dialogs-${randomBytes(4).toString("hex")}`;
const listPath = `/${slug}/settings/api-credentials`;
const user = { email: `dialogs-${randomBytes(4).toString("hex")}@e2e.test`, password: "dialogs-password-1" };
const clientErrors: string[] = [];

let browser: Browser;
let session: { context: BrowserContext; page: Page };

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

/** True when `locator` is the focused element (not <body>, not something inside it). */
const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

async function openFromMenu(page: Page, name: string, item: string) {
  const trigger = row(page, name).getByRole("button", { name: `Actions for ${name}` });
  await trigger.click();
  await page.getByRole("menuitem", { name: item }).click();
  return trigger;
}

beforeAll(async () => {
  const org = await sql(
    "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), $1, 'Dialogs', 'professional', now()) RETURNING id",
    [slug],
  );
  const created = await sql(
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Dee Alog', $2, now()) RETURNING id",
    [user.email, await hashPassword(user.password)],
  );
  await sql(
    "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'owner', now())",
    [created.rows[0].id, org.rows[0].id],
  );
  browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, user.email, user.password);
  await page.waitForURL(`**${listPath}`);
  session = { context, page };
});
afterAll(async () => {
  await session?.context.close();
  await browser?.close();
});

describe("Key dialogs", () => {
  it("a field's error disappears once the user edits that field", async () => {
    const { page } = session;
    await page.getByRole("button", { name: "Create New API Key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const name = dialog.getByLabel("Name", { exact: true });
    await expect.poll(() => dialog.getByText("Enter a name.").count()).toBe(1);
    expect(await dialog.getByText("Choose an environment.").count()).toBe(1);
    expect(await dialog.getByText("Choose at least one scope.").count()).toBe(1);
    expect(await name.getAttribute("aria-invalid")).toBe("true");

    await name.pressSequentially("Dialog worker");
    await expect.poll(() => dialog.getByText("Enter a name.").count()).toBe(0);
    expect(await name.getAttribute("aria-invalid")).toBeNull();
    // Only the edited field's message goes; the others stay until their fields change.
    expect(await dialog.getByText("Choose an environment.").count()).toBe(1);
    expect(await dialog.getByText("Choose at least one scope.").count()).toBe(1);

    await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: "Development" });
    await expect.poll(() => dialog.getByText("Choose an environment.").count()).toBe(0);
    await dialog.getByRole("checkbox", { name: "read:agents" }).check();
    await expect.poll(() => dialog.getByText("Choose at least one scope.").count()).toBe(0);

    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => row(page, "Dialog worker").count()).toBe(1);

    // Edit: an emptied name is refused, and typing a new one clears the message.
    await openFromMenu(page, "Dialog worker", "Edit…");
    const edit = page.getByRole("dialog");
    await edit.getByLabel("Name", { exact: true }).fill("");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => edit.getByText("Enter a name.").count()).toBe(1);
    await edit.getByLabel("Name", { exact: true }).pressSequentially("D");
    await expect.poll(() => edit.getByText("Enter a name.").count()).toBe(0);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("focus goes back to the row's actions button when Edit, Rotate and Revoke close", async () => {
    const { page } = session;
    // Edit, closed by Cancel and by saving.
    let trigger = await openFromMenu(page, "Dialog worker", "Edit…");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => isFocused(trigger)).toBe(true);

    trigger = await openFromMenu(page, "Dialog worker", "Edit…");
    await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("Dialog worker");
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => isFocused(trigger)).toBe(true);

    // Rotate, closed by Esc before, and by "Done" after the reveal.
    trigger = await openFromMenu(page, "Dialog worker", "Rotate secret…");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => isFocused(trigger)).toBe(true);

    trigger = await openFromMenu(page, "Dialog worker", "Rotate secret…");
    await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => isFocused(trigger)).toBe(true);

    // Revoke, cancelled, then confirmed (the row stays, greyed, with its menu).
    trigger = await openFromMenu(page, "Dialog worker", "Revoke…");
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByRole("alertdialog").count()).toBe(0);
    await expect.poll(() => isFocused(trigger)).toBe(true);

    trigger = await openFromMenu(page, "Dialog worker", "Revoke…");
    const revoke = page.getByRole("alertdialog");
    await revoke.getByLabel("Reason").selectOption({ label: "No longer needed" });
    await revoke.getByRole("checkbox").check();
    await revoke.getByRole("button", { name: "Revoke key" }).click();
    await expect.poll(() => page.getByRole("alertdialog").count()).toBe(0);
    await expect.poll(() => row(page, "Dialog worker").textContent()).toContain("Revoked");
    await expect.poll(() => isFocused(trigger)).toBe(true);
  });

  it("focus goes back to the detail page's Edit, Rotate secret and Revoke buttons", async () => {
    const { page } = session;
    await page.getByRole("button", { name: "Create New API Key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("Detail worker");
    await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: "Development" });
    await dialog.getByRole("checkbox", { name: "read:agents" }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
    await row(page, "Detail worker").getByRole("link", { name: "Detail worker" }).click();
    await page.getByRole("heading", { name: "Detail worker" }).waitFor();

    for (const [button, role] of [
      ["Edit", "dialog"],
      ["Rotate secret", "dialog"],
      ["Revoke", "alertdialog"],
    ] as const) {
      const trigger = page.getByRole("button", { name: button, exact: true });
      await trigger.click();
      await page.getByRole(role).waitFor();
      await page.keyboard.press("Escape");
      await expect.poll(() => page.getByRole(role).count()).toBe(0);
      await expect.poll(() => isFocused(trigger), { message: `focus after ${button}` }).toBe(true);
    }
  });

  it("the browser logged no errors along the way", () => {
    expect(clientErrors).toEqual([]);
  });
});
