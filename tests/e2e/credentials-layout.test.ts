// Settings > API Credentials at 1280, 1024 and 390 px (a phone, with mobile viewport rules), in an
// organization of its own with key names no other file uses: nothing pushes the page sideways, key
// rows stay short with the Client ID on one line, the table fits at desktop widths and scrolls
// inside its frame on a phone with the name and actions pinned, and dialogs fit the phone with
// their buttons in view. Screenshots of each state go to a temporary directory for a human to look
// at; the assertions are the test.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl } = inject("e2e");
const DESKTOP_WIDTHS = [1280, 1024] as const;
const PHONE = { width: 390, height: 844 };
/** A key row with a two-line name, three scope chips and a status line stays below this. */
const MAX_ROW_HEIGHT_PX = 80;

const slug = `layout-${randomBytes(4).toString("hex")}`;
const listPath = `/${slug}/settings/api-credentials`;
const screenshots = mkdtempSync(path.join(tmpdir(), "workflux-layout-"));
const clientErrors: string[] = [];
const user = { email: `layout-${randomBytes(4).toString("hex")}@e2e.test`, password: "layout-password-1" };

let browser: Browser;
let desktop: { context: BrowserContext; page: Page };
let phone: { context: BrowserContext; page: Page };

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

async function signedIn(options: Parameters<Browser["newContext"]>[0]) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, user.email, user.password);
  await page.waitForURL(`**${listPath}`);
  return { context, page };
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** The page's own width, and the layout viewport's (a phone widens it to fit content that overflows). */
function pageWidths(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

async function expectNoSidewaysOverflow(page: Page, width: number) {
  const { scrollWidth, innerWidth } = await pageWidths(page);
  expect(innerWidth).toBe(width);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

async function expectWithinViewport(locator: Locator, width: number, height?: number) {
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  if (height !== undefined) {
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
  }
}

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

const keyRows = (page: Page) => page.locator("tbody tr[data-credential-id]");

async function createKey(page: Page, name: string, environment: string, scopes: string[]) {
  await page.getByRole("button", { name: "Create New API Key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: environment });
  for (const scope of scopes) await dialog.getByRole("checkbox", { name: scope }).check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
  await expect.poll(() => row(page, name).count()).toBe(1);
}

beforeAll(async () => {
  const org = await sql(
    "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), $1, 'Layout Testing Organization', 'professional', now()) RETURNING id",
    [slug],
  );
  const created = await sql(
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Lay Out', $2, now()) RETURNING id",
    [user.email, await hashPassword(user.password)],
  );
  await sql(
    "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, 'owner', now())",
    [created.rows[0].id, org.rows[0].id],
  );
  browser = await launchBrowser();
  desktop = await signedIn({ viewport: { width: 1280, height: 900 } });
  phone = await signedIn({ viewport: PHONE, isMobile: true, hasTouch: true });
  console.info(`Layout screenshots: ${screenshots}`);
});
afterAll(async () => {
  await desktop?.context.close();
  await phone?.context.close();
  await browser?.close();
});

describe("API Credentials layout", () => {
  it("the empty state and its Create button fit at 1280, 1024 and 390 px", async () => {
    for (const width of DESKTOP_WIDTHS) {
      const { page } = desktop;
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole("heading", { name: "No API keys yet" }).waitFor();
      await shot(page, `empty-${width}`);
      await expectNoSidewaysOverflow(page, width);
      await expectWithinViewport(page.getByRole("button", { name: "Create New API Key" }), width);
      // The curl example scrolls inside its own block.
      await expectWithinViewport(page.locator("pre#token-request-curl"), width);
    }
    const { page } = phone;
    await page.getByRole("heading", { name: "No API keys yet" }).waitFor();
    await shot(page, "empty-390");
    await expectNoSidewaysOverflow(page, PHONE.width);
    await expectWithinViewport(page.getByRole("button", { name: "Create New API Key" }), PHONE.width);
    await expectWithinViewport(page.locator("pre#token-request-curl"), PHONE.width);
  });

  it("at 1280 and 1024 px key rows stay short, the table fits, and every actions menu is in view", async () => {
    const { page } = desktop;
    await page.setViewportSize({ width: 1280, height: 900 });
    await createKey(page, "Nightly analytics export for the data warehouse team", "Staging", ["read:analytics"]);
    await createKey(page, "Payments worker", "Production", ["read:agents", "write:agents", "read:analytics", "admin"]);
    await createKey(page, "Laptop dev", "Development", ["read:agents", "write:integrations", "read:analytics"]);
    // A rotating key carries a status line under its badge.
    await row(page, "Payments worker").getByRole("button", { name: "Actions for Payments worker" }).click();
    await page.getByRole("menuitem", { name: "Rotate secret…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Done, I've saved it" }).click();
    await expect.poll(() => row(page, "Payments worker").textContent()).toContain("Previous secret valid until");

    for (const width of DESKTOP_WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await shot(page, `table-${width}`);
      await expectNoSidewaysOverflow(page, width);
      await expectWithinViewport(page.getByRole("button", { name: "Create New API Key" }), width);
      const frame = page.locator("table").locator("xpath=..");
      const { scrollWidth, clientWidth } = await frame.evaluate((el) => ({
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
      }));
      expect(scrollWidth, `the table scrolls inside its frame at ${width} px`).toBeLessThanOrEqual(clientWidth);
      expect(await keyRows(page).count()).toBe(3);
      for (const key of await keyRows(page).all()) {
        const { height } = (await key.boundingBox())!;
        expect(height, `row height at ${width} px`).toBeLessThan(MAX_ROW_HEIGHT_PX);
        await expectWithinViewport(key.getByRole("button", { name: /^Actions for / }), width);
        await expectWithinViewport(key.getByRole("button", { name: /^Copy Client ID of / }), width);
      }
    }
  });

  it("the Client ID stays on one line, cut short, and shows whole on hover and on keyboard focus", async () => {
    const { page } = desktop;
    await page.setViewportSize({ width: 1024, height: 900 });
    const clientId = (
      await sql(
        "SELECT client_id FROM api_keys WHERE name = 'Laptop dev' AND org_id = (SELECT id FROM organizations WHERE slug = $1)",
        [slug],
      )
    ).rows[0].client_id as string;
    const code = row(page, "Laptop dev").locator("code", { hasText: clientId });
    // The whole value is in the DOM (screen readers, find in page), on one line with an ellipsis.
    expect(await code.textContent()).toBe(clientId);
    const metrics = await code.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(el).lineHeight),
      truncated: el.scrollWidth > el.clientWidth,
      textOverflow: getComputedStyle(el).textOverflow,
    }));
    expect(metrics.height).toBeLessThanOrEqual(metrics.lineHeight + 1);
    expect(metrics.truncated).toBe(true);
    expect(metrics.textOverflow).toBe("ellipsis");

    await code.hover();
    await expect.poll(() => page.getByRole("tooltip").textContent()).toBe(clientId);
    // Radix keeps a tooltip open while the pointer travels towards it; two moves leave for good.
    await page.mouse.move(5, 5);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.getByRole("tooltip").count()).toBe(0);

    // Keyboard: Tab from the name link lands on the Client ID, which shows the same tooltip.
    await row(page, "Laptop dev").getByRole("link", { name: "Laptop dev" }).focus();
    await page.keyboard.press("Tab");
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => page.getByRole("tooltip").textContent()).toBe(clientId);
    expect(await code.getAttribute("aria-describedby")).toBeTruthy();
    await shot(page, "client-id-tooltip-1024");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("tooltip").count()).toBe(0);
  });

  it("on a 390 px phone the table scrolls inside its frame with the name and the actions pinned", async () => {
    const { page } = phone;
    await page.reload();
    await expect.poll(() => keyRows(page).count()).toBe(3);
    await shot(page, "table-390");
    await expectNoSidewaysOverflow(page, PHONE.width);
    const frame = page.locator("table").locator("xpath=..");
    const name = row(page, "Laptop dev").getByRole("link", { name: "Laptop dev" });
    const menu = row(page, "Laptop dev").getByRole("button", { name: "Actions for Laptop dev" });
    const before = (await name.boundingBox())!;
    await expectWithinViewport(name, PHONE.width);
    await expectWithinViewport(menu, PHONE.width);
    expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

    await frame.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(() => frame.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await shot(page, "table-390-scrolled");
    expect((await name.boundingBox())!.x).toBeCloseTo(before.x, 0);
    await expectWithinViewport(name, PHONE.width);
    await expectWithinViewport(menu, PHONE.width);
    await expectNoSidewaysOverflow(page, PHONE.width);
    await frame.evaluate((el) => el.scrollTo({ left: 0 }));
  });

  it("on a 390 px phone every dialog fits, and the Create dialog's buttons stay in view", async () => {
    const { page } = phone;
    const dialogFits = async (dialog: Locator, name: string) => {
      await dialog.waitFor();
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
      await shot(page, `dialog-${name}-390`);
      await expectWithinViewport(dialog, PHONE.width, PHONE.height);
      expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth), `${name} scrolls sideways`).toBe(true);
      await expectNoSidewaysOverflow(page, PHONE.width);
    };

    await page.getByRole("button", { name: "Create New API Key" }).click();
    const dialog = page.getByRole("dialog");
    await dialogFits(dialog, "create");
    // The fields are taller than the phone: they scroll, the footer stays put.
    expect(await dialog.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    const submit = dialog.getByRole("button", { name: "Create key" });
    await expectWithinViewport(submit, PHONE.width, PHONE.height);
    await expectWithinViewport(dialog.getByRole("button", { name: "Cancel" }), PHONE.width, PHONE.height);
    await dialog.getByLabel("Name", { exact: true }).fill("Phone key");
    await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: "Development" });
    await dialog.getByRole("checkbox", { name: "read:agents" }).check();
    await dialog.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await expectWithinViewport(submit, PHONE.width, PHONE.height);
    // A real tap, not a scripted click: nothing may cover the button.
    await submit.tap();
    const done = dialog.getByRole("button", { name: "Done, I've saved it" });
    await dialogFits(dialog, "reveal");
    await expectWithinViewport(done, PHONE.width, PHONE.height);
    await done.tap();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

    const items = [
      { item: "Edit…", role: "dialog", name: "edit" },
      { item: "Rotate secret…", role: "dialog", name: "rotate" },
      { item: "Revoke…", role: "alertdialog", name: "revoke" },
    ] as const;
    for (const { item, role, name } of items) {
      await row(page, "Phone key").getByRole("button", { name: "Actions for Phone key" }).click();
      await page.getByRole("menuitem", { name: item }).click();
      await dialogFits(page.getByRole(role), name);
      await page.keyboard.press("Escape");
      await expect.poll(() => page.getByRole(role).count()).toBe(0);
    }
  });

  it("the browser logged no errors along the way", () => {
    expect(clientErrors).toEqual([]);
  });
});
