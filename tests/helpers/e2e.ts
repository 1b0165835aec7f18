// Shared end-to-end helpers: SQL against the server's database, signing in through the form,
// collecting browser errors, and axe's serious or critical findings.
import AxeBuilder from "@axe-core/playwright";
import pg from "pg";
import type { Page } from "playwright-core";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "../../lib/credentials/secret";

/** One statement on a fresh connection (the embedded database shares one session: keep it short). */
export async function queryDatabase(databaseUrl: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Uncaught errors and console errors (hydration mismatches, failed requests, …) go to `sink`. */
export function collectClientErrors(page: Page, sink: string[]): void {
  page.on("pageerror", (error) => sink.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      sink.push(`console: ${message.text()} (${message.location().url})`);
    }
  });
}

/** Serious or critical axe violations on the page as it is now, reduced to their ids and targets. */
export async function seriousViolations(page: Page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page: page as never }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(" ")) }));
}

/** A new organization with one production key in the server's database, and the key's secret. */
export async function insertOrgWithKey(
  databaseUrl: string,
  { slug, scopes, plan = "enterprise" }: { slug: string; scopes: string[]; plan?: string },
): Promise<{ orgId: string; clientId: string; clientSecret: string }> {
  const org = await queryDatabase(
    databaseUrl,
    "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), $1, $1, $2, now()) RETURNING id",
    [slug, plan],
  );
  const orgId = org.rows[0].id as string;
  const clientId = generateClientId();
  const clientSecret = generateClientSecret("production");
  await queryDatabase(
    databaseUrl,
    `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'production', $4, $5, $6, now())`,
    [orgId, clientId, slug, scopes, hashClientSecret(clientSecret), secretHint(clientSecret)],
  );
  return { orgId, clientId, clientSecret };
}

/**
 * A production server of its own that mails through a real SMTP server on 127.0.0.1 (the shared
 * one of the e2e suite has no SMTP), on a fresh embedded database with a known owner of `my-org`.
 */
export async function startMailingServer(env: Record<string, string> = {}) {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const { startAppServer } = await import("./app-server");
  const { startSmtpSink } = await import("./smtp-sink");
  const sink = await startSmtpSink();
  const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-mail-e2e-"));
  const owner = { email: "mail-owner@e2e.test", password: "mail-owner-password-1" };
  const server = await startAppServer({
    dataDir,
    env: {
      ADMIN_EMAIL: owner.email,
      ADMIN_PASSWORD: owner.password,
      SMTP_URL: sink.url,
      EMAIL_FROM: "WorkFlux <no-reply@e2e.test>",
      ...env,
    },
  });
  const { embeddedDatabaseUrl } = await server.listening;
  return {
    sink,
    server,
    owner,
    baseUrl: server.baseUrl,
    databaseUrl: embeddedDatabaseUrl!,
    async stop() {
      await server.stop();
      await sink.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
