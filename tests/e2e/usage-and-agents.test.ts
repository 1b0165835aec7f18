// The key detail page's Usage section and anomaly banners, and the Agents page, in Chromium against
// the production build. Usage counters, an anomaly detection and agents are inserted with SQL, as
// the API's batcher and routes would have written them.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const ORG_PATH = "/my-org/settings/api-credentials";

let browser: Browser;
let owner: { context: BrowserContext; page: Page };
let keyId: string;
const clientErrors: string[] = [];

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

function row(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
}

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
  await page.waitForURL(`**${ORG_PATH}`);
  owner = { context, page };

  // A key made through the UI, then usage for it in the current hour: 1,168 × 2xx and 36 × 429.
  await page.getByRole("button", { name: "Create New API Key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Usage probe");
  await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: "Staging" });
  await dialog.getByRole("checkbox", { name: "read:agents" }).check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await dialog.getByLabel("Client Secret", { exact: true }).waitFor();
  await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
  const key = await sql("SELECT id, org_id FROM api_keys WHERE name = 'Usage probe'");
  keyId = key.rows[0].id;
  const orgId = key.rows[0].org_id;
  const insert = `INSERT INTO usage_counters (id, org_id, api_key_id, bucket_start, kind, outcome, count)
    VALUES (gen_random_uuid(), $1, $2, date_trunc('hour', now()), $3, $4, $5)`;
  await sql(insert, [orgId, keyId, "GET /v1/agents", "2xx", 1168]);
  await sql(insert, [orgId, keyId, "GET /v1/agents", "429", 36]);
  await sql(insert, [orgId, keyId, "token", "success", 4]);
  await sql(
    `INSERT INTO audit_events (id, org_id, actor_type, action, target_type, target_id, outcome, metadata, created_at)
     VALUES (gen_random_uuid(), $1, 'system', 'credential.anomaly_detected', 'api_key', $2, 'success', $3::jsonb, now())`,
    [
      orgId,
      keyId,
      JSON.stringify({
        kind: "new_source_ip",
        evidence: { ip: "203.0.113.99", knownAddresses: 1 },
        at: new Date().toISOString(),
      }),
    ],
  );
  await sql(
    "UPDATE api_keys SET last_used_at = now(), last_used_ip = '198.51.100.23', last_used_user_agent = 'e2e-agent/1.0' WHERE id = $1",
    [keyId],
  );
});

afterAll(async () => {
  await owner?.context.close();
  await browser?.close();
});

describe("Key usage and anomaly flags", () => {
  it("badges the flagged key in the list", async () => {
    const { page } = owner;
    await page.reload();
    await expect.poll(() => row(page, "Usage probe").textContent()).toContain("Anomaly");
  });

  it("shows the usage summary, chart, last use and a data table toggle, without serious accessibility violations", async () => {
    const { page } = owner;
    await row(page, "Usage probe").getByRole("link", { name: "Usage probe" }).click();
    await page.waitForURL(`**${ORG_PATH}/${keyId}`);
    const usage = page.getByRole("region", { name: "Usage" });
    await expect.poll(() => usage.textContent()).toContain("1,204 requests in the last 24 h, 3% rate-limited");
    expect(await usage.textContent()).toContain("4 access tokens issued");
    expect(await usage.textContent()).toContain("198.51.100.23");
    expect(await usage.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);

    const toggle = usage.getByRole("button", { name: "Show data table" });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.click();
    const table = usage.getByRole("table");
    await expect.poll(() => table.count()).toBe(1);
    expect(await usage.getByRole("button", { name: "Hide data table" }).getAttribute("aria-expanded")).toBe("true");
    expect(await table.getByRole("row").count()).toBe(25); // header + 24 hours
    expect(await table.getByRole("cell", { name: "1,168" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await usage.getByRole("button", { name: "7 d" }).click();
    await expect.poll(() => usage.textContent()).toContain("1,204 requests in the last 7 days");
    expect(await usage.getByRole("button", { name: "7 d" }).getAttribute("aria-pressed")).toBe("true");
    expect(await table.getByRole("row").count()).toBe(8);
  });

  it("dismisses the anomaly banner, records it and drops the badge", async () => {
    const { page } = owner;
    const banner = page.getByRole("region", { name: "Anomaly: New source IP" });
    expect(await banner.textContent()).toContain("203.0.113.99");
    expect(await seriousViolations(page)).toEqual([]);
    await banner.getByRole("button", { name: /Dismiss/ }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => page.getByText("flag dismissed").count()).toBe(1);
    const dismissed = await sql(
      "SELECT metadata FROM audit_events WHERE action = 'credential.anomaly_dismissed' AND target_id = $1",
      [keyId],
    );
    expect(dismissed.rows).toHaveLength(1);
    await page.reload();
    await page.getByRole("region", { name: "Usage" }).waitFor();
    expect(await page.getByRole("region", { name: "Anomaly: New source IP" }).count()).toBe(0);
    await page.goto(`${baseUrl}${ORG_PATH}`);
    await expect.poll(() => row(page, "Usage probe").count()).toBe(1);
    expect(await row(page, "Usage probe").textContent()).not.toContain("Anomaly");
  });
});

describe("Agents page", () => {
  it("lists agents per environment through ?env= tabs, read-only, without serious accessibility violations", async () => {
    const { page } = owner;
    const org = await sql("SELECT id FROM organizations WHERE slug = 'my-org'");
    const existing = (await sql("SELECT count(*)::int AS n FROM agents")).rows[0].n;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Agents" }).click();
    await page.waitForURL("**/my-org/agents");
    if (existing === 0) {
      await expect.poll(() => page.getByRole("heading", { name: "No agents yet" }).count()).toBe(1);
      expect(await page.locator("pre").textContent()).toContain(`curl -X POST ${baseUrl}/v1/agents`);
      expect(await seriousViolations(page)).toEqual([]);
    }
    const insert = `INSERT INTO agents (id, org_id, environment, name, status, config, created_at, updated_at)
      VALUES (gen_random_uuid(), $1, $2, $3, $4, '{}', now(), now())`;
    await sql(insert, [org.rows[0].id, "production", "E2E invoice agent", "active"]);
    await sql(insert, [org.rows[0].id, "development", "E2E sandbox agent", "paused"]);

    await page.reload();
    const agentRow = (name: string) => page.getByRole("row").filter({ hasText: name });
    await expect.poll(() => agentRow("E2E invoice agent").count()).toBe(1);
    expect(await agentRow("E2E invoice agent").textContent()).toContain("Production");
    expect(await agentRow("E2E sandbox agent").textContent()).toContain("Paused");
    expect(await page.getByRole("button", { name: /Create|Delete|Edit/ }).count()).toBe(0);
    expect(
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Agents" })
        .getAttribute("aria-current"),
    ).toBe("page");

    const tabs = page.getByRole("navigation", { name: "Environment" });
    await tabs.getByRole("link", { name: /^Development/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("env")).toBe("development");
    await expect.poll(() => agentRow("E2E invoice agent").count()).toBe(0);
    expect(await agentRow("E2E sandbox agent").count()).toBe(1);
    expect(await tabs.getByRole("link", { name: /^Development/ }).getAttribute("aria-current")).toBe("page");
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/my-org/agents?env=production`);
    expect(await agentRow("E2E invoice agent").count()).toBe(1);
    expect(await agentRow("E2E sandbox agent").count()).toBe(0);
  });

  it("the browser logged no errors along the way", () => {
    expect(clientErrors).toEqual([]);
  });
});
