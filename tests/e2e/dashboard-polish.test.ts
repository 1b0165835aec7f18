// Dashboard details in Chromium against the production build, in an organization of its own: the
// dark theme (axe finds no serious violation, contrast included, on the key list, a key's page and
// the Create dialog), a custom expiry's badge, the account menu open and closed, a "+N" scope chip
// and the times showing their tooltip on hover and on keyboard focus, a viewer's note where the
// Create button would be, and the icon.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "@/lib/users/password";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl } = inject("e2e");
const slug = `polish-${randomBytes(4).toString("hex")}`;
const listPath = `/${slug}/settings/api-credentials`;
const clientErrors: string[] = [];
const owner = { email: `polish-owner-${randomBytes(4).toString("hex")}@e2e.test`, password: "polish-password-1" };
const viewer = { email: `polish-viewer-${randomBytes(4).toString("hex")}@e2e.test`, password: "polish-password-2" };

let browser: Browser;
let light: { context: BrowserContext; page: Page };

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

async function addUser(orgId: string, { email, password }: typeof owner, name: string, role: string) {
  const user = await sql(
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id",
    [email, name, await hashPassword(password)],
  );
  await sql(
    "INSERT INTO memberships (id, user_id, org_id, role, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now())",
    [user.rows[0].id, orgId, role],
  );
}

async function signedIn(who: typeof owner, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, who.email, who.password);
  await page.waitForURL(`**${listPath}`);
  return { context, page };
}

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

/** The local date `days` from today as the date input wants it (YYYY-MM-DD). */
function localDate(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

async function createKey(page: Page, name: string, scopes: string[], customDate?: string) {
  await page.getByRole("button", { name: "Create New API Key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: "Staging" });
  for (const scope of scopes) await dialog.getByRole("checkbox", { name: scope }).check();
  if (customDate) {
    await dialog.getByLabel("Expiry", { exact: true }).selectOption({ label: "Custom date…" });
    await dialog.getByLabel("Expires at the end of").fill(customDate);
  }
  await dialog.getByRole("button", { name: "Create key" }).click();
  await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
  await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
  await expect.poll(() => row(page, name).count()).toBe(1);
}

/** The open tooltip's text, once it shows after hover or focus (Radix renders it twice: visible and for AT). */
async function tooltipText(page: Page): Promise<string> {
  const tooltip = page.getByRole("tooltip");
  await tooltip.waitFor({ state: "attached" });
  return (await tooltip.textContent()) ?? "";
}

/** The pointer leaves for the page heading, in steps as a hand would move it. */
async function moveAway(page: Page) {
  const box = (await page.getByRole("heading", { level: 1 }).boundingBox())!;
  await page.mouse.move(box.x + 5, box.y + 5, { steps: 10 });
}

async function expectNoTooltip(page: Page) {
  await expect.poll(() => page.getByRole("tooltip").count()).toBe(0);
}

/** Moves keyboard focus with Tab until `target` has it (Playwright's focus() would skip the keyboard path). */
async function tabTo(page: Page, target: Locator) {
  await page.locator("main").focus();
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error("Tab never reached the element");
}

beforeAll(async () => {
  const org = await sql(
    "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), $1, 'Polish Organization', 'professional', now()) RETURNING id",
    [slug],
  );
  await addUser(org.rows[0].id, owner, "Polly Owner", "owner");
  await addUser(org.rows[0].id, viewer, "Vince Viewer", "viewer");
  browser = await launchBrowser();
  light = await signedIn(owner, { viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await light?.context.close();
  await browser?.close();
});

describe("Dashboard polish", () => {
  it('a custom expiry five days ahead reads "Expires in 5 days"', async () => {
    const { page } = light;
    await createKey(page, "Four scopes", ["read:agents", "write:agents", "read:analytics", "write:integrations"]);
    await createKey(page, "Short-lived", ["read:agents"], localDate(5));
    expect(await row(page, "Short-lived").textContent()).toContain("Expires in 5 days");
    await sql(
      "UPDATE api_keys SET last_used_at = now() - interval '3 hours' WHERE name = 'Four scopes' AND org_id = (SELECT id FROM organizations WHERE slug = $1)",
      [slug],
    );
  });

  it("the account menu has no serious accessibility violation open or after closing", async () => {
    const { page } = light;
    await page.goto(`${baseUrl}${listPath}`);
    await row(page, "Four scopes").waitFor();
    const trigger = page.getByRole("button", { name: /account menu/ });
    await trigger.click();
    await page.getByRole("menuitem", { name: "Sign out" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("menu").count()).toBe(0);
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('"+N" scope chips reveal the hidden scopes on hover and on keyboard focus', async () => {
    const { page } = light;
    await page.goto(`${baseUrl}${listPath}`);
    const more = row(page, "Four scopes").getByText("+3", { exact: true });
    await more.hover();
    expect(await tooltipText(page)).toContain("write:agents, read:analytics, write:integrations");
    await moveAway(page);
    await expectNoTooltip(page);

    await tabTo(page, more.locator(".."));
    expect(await tooltipText(page)).toContain("write:agents, read:analytics, write:integrations");
    await page.keyboard.press("Escape");
    await expectNoTooltip(page);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("last used and created times show the exact time on hover and on keyboard focus", async () => {
    const { page } = light;
    await page.goto(`${baseUrl}${listPath}`);
    const times = row(page, "Four scopes").locator("time");
    expect(await times.count()).toBe(2);
    const [lastUsed, created] = [times.nth(0), times.nth(1)];
    expect(await lastUsed.textContent()).toBe("3 hours ago");
    for (const time of [lastUsed, created]) {
      expect(await time.getAttribute("title")).toBeNull();
      const exact = await time.evaluate((element) =>
        new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(
          new Date(element.getAttribute("datetime")!),
        ),
      );
      await time.hover();
      expect(await tooltipText(page)).toBe(exact);
      await moveAway(page);
      await expectNoTooltip(page);
      await tabTo(page, time);
      expect(await tooltipText(page)).toBe(exact);
      // While open, the tooltip describes the focused time for screen readers.
      expect(await time.getAttribute("aria-describedby")).toBeTruthy();
      await page.keyboard.press("Escape");
      await expectNoTooltip(page);
    }

    // The key's page and its usage section show the last use the same way. Tall enough that Tab
    // needs no scrolling: Radix closes a tooltip when its trigger's page scrolls.
    await page.setViewportSize({ width: 1280, height: 2400 });
    await row(page, "Four scopes").getByRole("link", { name: "Four scopes" }).click();
    await page.getByRole("heading", { name: "Four scopes" }).waitFor();
    const detailTimes = page.locator("main time", { hasText: "3 hours ago" });
    await expect.poll(() => detailTimes.count()).toBe(2);
    for (const time of await detailTimes.all()) {
      await tabTo(page, time);
      expect(await tooltipText(page)).toMatch(/\d/);
      await page.keyboard.press("Escape");
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("a viewer finds a note where the Create button would be", async () => {
    const session = await signedIn(viewer, { viewport: { width: 1280, height: 900 } });
    const { page } = session;
    await row(page, "Four scopes").waitFor();
    expect(await page.getByRole("button", { name: "Create New API Key" }).count()).toBe(0);
    const note = page.getByText("Viewers can’t create API keys.", { exact: false });
    expect(await note.count()).toBe(1);
    expect(await note.textContent()).toContain("Ask an owner, admin or developer");
    // It sits in the header beside the heading, where the button is for everyone else.
    const heading = (await page.getByRole("heading", { name: "API Credentials" }).boundingBox())!;
    const noteBox = (await note.boundingBox())!;
    expect(noteBox.x).toBeGreaterThan(heading.x + heading.width);
    expect(noteBox.y).toBeLessThan(heading.y + heading.height);
    expect(await seriousViolations(page)).toEqual([]);
    await session.context.close();
  });

  it("serves an icon: /favicon.ico and the page's linked icon are images", async () => {
    const ico = await fetch(`${baseUrl}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get("content-type")).toMatch(/^image\//);
    const bytes = new Uint8Array(await ico.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);

    const { page } = light;
    await page.goto(`${baseUrl}${listPath}`);
    const href = await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
    const svg = await fetch(new URL(href!, baseUrl));
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
  });

  it("follows a dark system theme, and axe finds no serious violation (contrast included) in it", async () => {
    const dark = await signedIn(owner, { viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    const { page } = dark;
    await row(page, "Four scopes").waitFor();
    const colours = () =>
      page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        scheme: getComputedStyle(document.documentElement).colorScheme,
      }));
    expect(await colours()).toEqual({ background: "rgb(9, 9, 11)", text: "rgb(250, 250, 250)", scheme: "light dark" });
    expect(await seriousViolations(page)).toEqual([]);

    await row(page, "Four scopes").getByRole("link", { name: "Four scopes" }).click();
    await page.getByRole("heading", { name: "Four scopes" }).waitFor();
    await page.getByRole("heading", { name: "Usage" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}${listPath}`);
    await row(page, "Short-lived").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Create New API Key" }).click();
    await page.getByRole("dialog").getByRole("checkbox", { name: "admin" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dark.context.close();

    // The light theme stays as it was.
    expect(await light.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
  });

  it("the browser logged no errors along the way", () => {
    expect(clientErrors).toEqual([]);
  });
});
