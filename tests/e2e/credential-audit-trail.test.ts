// The key detail page folds repeated failures and pages its audit trail, in Chromium against the
// production build: 57 failed client authentications (as the activity batcher writes them) show
// as one "57 × malformed secret" line in Recent failures, the trail's first page as one line of
// 50 with "Load more", and after it one line of 57 and the key's creation.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AUDIT_TRAIL_PAGE_SIZE } from "@/lib/credentials/list-credential-audit-trail";
import { launchBrowser } from "../helpers/browser";
import { collectClientErrors, queryDatabase, seriousViolations, signInThroughForm } from "../helpers/e2e";

const { baseUrl, databaseUrl, ownerEmail, ownerPassword } = inject("e2e");
const ORG_PATH = "/my-org/settings/api-credentials";
const FAILURES = AUDIT_TRAIL_PAGE_SIZE + 7;

let browser: Browser;
let owner: { context: BrowserContext; page: Page };
let keyId: string;
const clientErrors: string[] = [];

const sql = (text: string, values: unknown[] = []) => queryDatabase(databaseUrl, text, values);

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  collectClientErrors(page, clientErrors);
  await signInThroughForm(page, baseUrl, ownerEmail, ownerPassword);
  await page.waitForURL(`**${ORG_PATH}`);
  owner = { context, page };

  await page.getByRole("button", { name: "Create New API Key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Retry storm");
  await dialog.getByLabel("Environment", { exact: true }).selectOption({ label: "Development" });
  await dialog.getByRole("checkbox", { name: "read:agents" }).check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await dialog.getByLabel("Client Secret", { exact: true }).waitFor();
  await dialog.getByRole("button", { name: "Done, I've saved it" }).click();
  const key = await sql("SELECT id, org_id, client_id FROM api_keys WHERE name = 'Retry storm'");
  keyId = key.rows[0].id;
  // The key was made an hour before the burst, so its creation is the trail's oldest event.
  await sql(
    "UPDATE audit_events SET created_at = created_at - interval '1 hour' WHERE target_id = $1 AND action = 'credential.created'",
    [keyId],
  );
  // One a second for the last 57 seconds, each with its token failure counted, as the batcher does.
  await sql(
    `INSERT INTO audit_events (id, org_id, actor_type, actor_id, actor_label, action, target_type, target_id,
       target_label, outcome, ip, metadata, created_at)
     SELECT gen_random_uuid(), $1, 'api_key', $2, $3, 'oauth.client_auth_failed', 'api_key', $2, 'Retry storm',
       'failure', '203.0.113.7', '{"reason":"malformed_secret","endpoint":"token"}'::jsonb,
       now() + interval '1 second' - make_interval(secs => n)
     FROM generate_series(1, $4::int) AS n`,
    [key.rows[0].org_id, keyId, key.rows[0].client_id, FAILURES],
  );
  await sql(
    `INSERT INTO usage_counters (id, org_id, api_key_id, bucket_start, kind, outcome, count)
     VALUES (gen_random_uuid(), $1, $2, date_trunc('hour', now()), 'token', 'failure', $3)`,
    [key.rows[0].org_id, keyId, FAILURES],
  );
});

afterAll(async () => {
  await owner?.context.close();
  await browser?.close();
});

describe("Key detail: repeated failures and the audit trail", () => {
  it("folds the burst into one line in Recent failures, with its count, reason and time span", async () => {
    const { page } = owner;
    await page.goto(`${baseUrl}${ORG_PATH}/${keyId}`);
    const failures = page.getByRole("list", { name: "Recent failures" });
    await failures.waitFor();
    const groups = failures.getByTestId("recent-failure");
    expect(await groups.count()).toBe(1);
    expect(await groups.first().getAttribute("data-count")).toBe(String(FAILURES));
    expect(await groups.first().textContent()).toContain(`${FAILURES} × malformed secret`);
    expect(await groups.first().textContent()).toContain("from 203.0.113.7");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows the trail's first page folded, and loads the rest with Load more", async () => {
    const { page } = owner;
    const trail = page.getByRole("region", { name: "Audit trail" });
    const entries = trail.getByTestId("audit-trail-entry");
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.first().getAttribute("data-count")).toBe(String(AUDIT_TRAIL_PAGE_SIZE));
    expect(await entries.first().textContent()).toContain(`${AUDIT_TRAIL_PAGE_SIZE} × Client authentication failed`);
    expect(await entries.first().textContent()).toContain("malformed secret");
    expect(await trail.textContent()).not.toContain("Created");

    await trail.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.first().getAttribute("data-count")).toBe(String(FAILURES));
    expect(await entries.nth(1).textContent()).toContain("Created");
    expect(await trail.getByRole("button", { name: "Load more" }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(clientErrors).toEqual([]);
  });
});
