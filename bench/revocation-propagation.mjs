// Measurement, not a test: `npm run bench:propagation` (after `npm run build`). It measures PA-05:
// a revocation made through one instance takes effect on every instance sharing the database
// within 1 s (PostgreSQL LISTEN/NOTIFY).
//
// A throwaway PostgreSQL 15 (scripts/ci/start-postgres.sh) and two production servers, A and B,
// on it. Both get the same APP_URL (A's address: the issuer) and API_AUDIENCE, so a token issued
// by A verifies on B, and the same secrets; the signing keys are shared through the database.
// An enterprise organization (no plan limits) and its keys are inserted with SQL.
//
// 1. Key revocation as the dashboard does it: one transaction updates the api_keys row and
//    pg_notify()s workflux_credential_changed with the client id (lib/credentials/revoke-credential.ts).
//    A fresh key per trial; its token (from A) is first seen 200 on B, which caches the key.
//    Measured: from sending COMMIT to B's first 401, polling B with sequential requests.
// 2. RFC 7009 token revocation: POST /v1/auth/revoke on A (client_secret_post), a fresh token per
//    trial, first seen 200 on B. Measured: from A's 200 to B's first 401.
//
// Prints one JSON line (p50/p95/max per scenario) and exits 1 if any trial took over 1000 ms.
// Knobs: PROPAGATION_TRIALS (per scenario, default 50).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "../lib/credentials/secret.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TRIALS = Number(process.env.PROPAGATION_TRIALS ?? 50);
const LIMIT_MS = 1000;
const GIVE_UP_MS = 5000;

if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("Run `npm run build` first: the measurement runs the production server.");
  process.exit(1);
}

const workDir = mkdtempSync(path.join(tmpdir(), "workflux-propagation-"));
const children = [];
let postgres; // { env, dataDir } once started

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// --- cleanup: app instances by process group (SIGTERM, then SIGKILL), then PostgreSQL, then files
function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {}
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

function stopPostgres() {
  if (!postgres) return;
  const { env, dataDir } = postgres;
  postgres = undefined;
  spawnSync("bash", [path.join(root, "scripts/ci/start-postgres.sh"), "stop"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.log`, { force: true });
}

let cleanedUp = false;
async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  await Promise.all(children.map(stopChild));
  stopPostgres();
  rmSync(workDir, { recursive: true, force: true });
}
// Last resort (uncaught error, process.exit elsewhere): synchronous only.
process.on("exit", () => {
  if (cleanedUp) return;
  for (const child of children) killGroup(child, "SIGKILL");
  stopPostgres();
  rmSync(workDir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));
}

// --- PostgreSQL 15, throwaway. As root the script runs the server as `postgres`, which cannot
// enter our 0700 temp dir, so the cluster lives in its own directory under the system temp dir.
function startPostgres(port) {
  const dataDir = path.join(tmpdir(), `workflux-propagation-pg-${port}`);
  const env = { ...process.env, POSTGRES_PORT: String(port), POSTGRES_DATA_DIR: dataDir };
  postgres = { env, dataDir };
  const run = spawnSync("bash", [path.join(root, "scripts/ci/start-postgres.sh")], { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`start-postgres.sh failed:\n${run.stderr}`);
  const url = run.stdout.trim().split("\n").pop();
  if (!/^postgres(ql)?:\/\//.test(url ?? ""))
    throw new Error(`start-postgres.sh printed no URL:\n${run.stdout}\n${run.stderr}`);
  return url;
}

// --- app instances
function startInstance(name, port, env) {
  const logFile = path.join(workDir, `${name}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  children.push(child);
  return { name, child, logFile, baseUrl: `http://127.0.0.1:${port}` };
}

async function waitListening(instance, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = existsSync(instance.logFile) ? readFileSync(instance.logFile, "utf8") : "";
    if (text.includes('"msg":"listening"')) return;
    if (instance.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(instance.logFile) ? readFileSync(instance.logFile, "utf8") : "";
  throw new Error(`instance ${instance.name} did not start:\n${log.slice(-3000)}`);
}

// --- HTTP
const form = (fields) => new URLSearchParams(fields).toString();

async function issueToken(base, clientId, clientSecret) {
  const res = await fetch(`${base}/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  });
  const json = await res.json();
  if (res.status !== 200 || typeof json.access_token !== "string")
    throw new Error(`token: ${res.status} ${JSON.stringify(json)}`);
  return json.access_token;
}

async function getAgents(base, token) {
  const res = await fetch(`${base}/v1/agents`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

async function expectStatus(base, token, status, what) {
  const got = await getAgents(base, token);
  if (got !== status) throw new Error(`${what}: expected ${status}, got ${got}`);
}

/** Sequential requests to B until the first 401; ms from `startMs` and the 200s seen meanwhile. */
async function pollUntilRefused(base, token, startMs) {
  let stale = 0;
  for (;;) {
    const status = await getAgents(base, token);
    const elapsed = performance.now() - startMs;
    if (status === 401) return { ms: elapsed, stale };
    if (status !== 200) throw new Error(`polling B: unexpected ${status}`);
    stale++;
    if (elapsed > GIVE_UP_MS) return { ms: Infinity, stale };
  }
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const round = (ms) => (Number.isFinite(ms) ? Math.round(ms * 100) / 100 : null);
  return {
    trials: sorted.length,
    p50_ms: round(rank(0.5)),
    p95_ms: round(rank(0.95)),
    max_ms: round(sorted.at(-1)),
    over_limit: sorted.filter((ms) => ms > LIMIT_MS).length,
  };
}

async function main() {
  const databaseUrl = startPostgres(await freePort());
  const [portA, portB] = [await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${portA}`;
  const shared = {
    DATABASE_URL: databaseUrl,
    APP_URL: appUrl,
    API_AUDIENCE: `${appUrl}/v1`,
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ADMIN_EMAIL: "bench@bench.test",
    ADMIN_PASSWORD: "bench-password-123",
  };
  // One after the other: A applies the migrations and creates the signing keys, B loads them.
  const a = startInstance("A", portA, { ...shared, DATA_DIR: path.join(workDir, "data-a") });
  await waitListening(a);
  const b = startInstance("B", portB, { ...shared, DATA_DIR: path.join(workDir, "data-b") });
  await waitListening(b);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const org = await db.query(
      "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), 'propagation', 'Propagation', 'enterprise', now()) RETURNING id",
    );
    const orgId = org.rows[0].id;
    const createKey = async () => {
      const clientId = generateClientId();
      const clientSecret = generateClientSecret("production");
      const row = await db.query(
        `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 'production', $4, $5, $6, now()) RETURNING id`,
        [
          orgId,
          clientId,
          `propagation ${clientId.slice(-6)}`,
          ["read:agents"],
          hashClientSecret(clientSecret),
          secretHint(clientSecret),
        ],
      );
      return { id: row.rows[0].id, clientId, clientSecret };
    };

    // Warm-up: both instances serve a token from A once (JIT, pools, LISTEN connections up).
    const warm = await createKey();
    const warmToken = await issueToken(a.baseUrl, warm.clientId, warm.clientSecret);
    for (let i = 0; i < 20; i++) {
      await expectStatus(a.baseUrl, warmToken, 200, "warm-up on A");
      await expectStatus(b.baseUrl, warmToken, 200, "warm-up on B");
    }

    // 1. Key revocation, as the dashboard's use case writes it.
    const keyRevocation = [];
    const keyStale = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const key = await createKey();
      const token = await issueToken(a.baseUrl, key.clientId, key.clientSecret);
      await expectStatus(b.baseUrl, token, 200, `key trial ${trial}: B before revocation`);
      await expectStatus(b.baseUrl, token, 200, `key trial ${trial}: B before revocation (cached)`);
      await db.query("BEGIN");
      await db.query(
        "UPDATE api_keys SET revoked_at = now(), tokens_valid_after = now(), revoked_reason = 'compromised' WHERE id = $1",
        [key.id],
      );
      await db.query("SELECT pg_notify('workflux_credential_changed', $1)", [key.clientId]);
      const start = performance.now();
      await db.query("COMMIT");
      const { ms, stale } = await pollUntilRefused(b.baseUrl, token, start);
      keyRevocation.push(ms);
      keyStale.push(stale);
    }

    // 2. RFC 7009 token revocation on A, a fresh token per trial.
    const tokenKey = await createKey();
    const tokenRevocation = [];
    const tokenStale = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const token = await issueToken(a.baseUrl, tokenKey.clientId, tokenKey.clientSecret);
      await expectStatus(b.baseUrl, token, 200, `token trial ${trial}: B before revocation`);
      const res = await fetch(`${a.baseUrl}/v1/auth/revoke`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form({ token, client_id: tokenKey.clientId, client_secret: tokenKey.clientSecret }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`token trial ${trial}: revoke on A answered ${res.status}`);
      const start = performance.now();
      const { ms, stale } = await pollUntilRefused(b.baseUrl, token, start);
      tokenRevocation.push(ms);
      tokenStale.push(stale);
      // On A itself the revocation holds at once.
      await expectStatus(a.baseUrl, token, 401, `token trial ${trial}: A after revocation`);
    }

    const result = {
      bench: "cross-instance revocation propagation (revoke via A / the database, poll B)",
      database: "PostgreSQL 15 (real server, LISTEN/NOTIFY)",
      limit_ms: LIMIT_MS,
      key_revocation: { ...summary(keyRevocation), max_stale_200s: Math.max(...keyStale) },
      token_revocation: { ...summary(tokenRevocation), max_stale_200s: Math.max(...tokenStale) },
    };
    result.ok = result.key_revocation.over_limit === 0 && result.token_revocation.over_limit === 0;
    console.log(JSON.stringify(result));
    return result.ok;
  } finally {
    await db.end().catch(() => {});
  }
}

let ok = false;
try {
  ok = await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  for (const child of children) {
    const log = path.join(workDir, `${children.indexOf(child) === 0 ? "A" : "B"}.log`);
    if (existsSync(log)) console.error(`--- ${path.basename(log)} (tail)\n${readFileSync(log, "utf8").slice(-2000)}`);
  }
} finally {
  await cleanup();
}
process.exit(ok ? 0 : 1);
