// Benchmark, not a test: `npm run bench` (after `npm run build`).
//
// Our production server (`node --import tsx server.ts`, as `npm start`, on a fresh embedded
// database, one enterprise key so plan limits never throttle) and node-oidc-provider
// (bench/peers/) are both pinned to CPU 0 with `taskset -c 0`; the load generator (autocannon,
// 50 connections, bench/load.mjs) runs pinned to CPU 1. Everything binds to 127.0.0.1. Each
// target is warmed up, then measured in alternating rounds (ours, peer, ours, peer, ...) so
// background noise hits both alike; the round with the median req/s is reported. Both get the
// same request: a form-encoded client_credentials grant with client_secret_post.
//
// Prints one JSON line: req/s, p50, p99 and non-2xx for each, and the ratio.
// Knobs: BENCH_DURATION (seconds per round, default 10), BENCH_ROUNDS (default 5).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "../lib/credentials/secret.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = 4;
const CONNECTIONS = 50;
const SERVER_CPU = "0";
const LOAD_CPU = "1";

if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("Run `npm run build` first: the benchmark measures the production server.");
  process.exit(1);
}
if (spawnSync("taskset", ["-c", "0", "true"]).status !== 0) {
  console.error("taskset is required (util-linux) to pin the servers and the load generator.");
  process.exit(1);
}

const children = [];
const workDir = mkdtempSync(path.join(tmpdir(), "workflux-bench-"));
const cleanup = () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
    }
  }
};
process.on("exit", cleanup);
process.on("SIGINT", () => process.exit(130));

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

/** Starts a pinned server whose stdout/stderr go straight to a file (no pipe through this process). */
function startPinned(name, args, env) {
  const logFile = path.join(workDir, `${name}.log`);
  const fd = openSync(logFile, "a");
  const child = spawn("taskset", ["-c", SERVER_CPU, process.execPath, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  children.push(child);
  return { child, logFile };
}

async function waitFor(logFile, predicate, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
    const found = predicate(text);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not start:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
}

function load(url, body) {
  const config = JSON.stringify({ url, body, connections: CONNECTIONS, duration: 0 });
  return (duration) => {
    const run = spawnSync(
      "taskset",
      [
        "-c",
        LOAD_CPU,
        process.execPath,
        path.join(root, "bench/load.mjs"),
        config.replace('"duration":0', `"duration":${duration}`),
      ],
      {
        encoding: "utf8",
      },
    );
    if (run.status !== 0) throw new Error(`load generator failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").pop());
  };
}

async function checkOneToken(url, body) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const json = await res.json();
  if (res.status !== 200 || typeof json.access_token !== "string" || json.access_token.split(".").length !== 3) {
    throw new Error(`${url} did not issue a JWT: ${res.status} ${JSON.stringify(json)}`);
  }
}

// --- our production server, on a fresh embedded database
const oursPort = await freePort();
const oursBase = `http://127.0.0.1:${oursPort}`;
const ours = startPinned("workflux", ["--import", "tsx", "server.ts"], {
  NODE_ENV: "production",
  PORT: String(oursPort),
  HOSTNAME: "127.0.0.1",
  APP_URL: oursBase,
  DATA_DIR: path.join(workDir, "data"),
  ADMIN_EMAIL: "bench@bench.test",
  ADMIN_PASSWORD: "bench-password-123",
  LOG_LEVEL: "info",
  DATABASE_URL: "",
});
const listening = await waitFor(
  ours.logFile,
  (text) => text.split("\n").find((l) => l.includes('"msg":"listening"')),
  "the WorkFlux server",
);
const { embeddedDatabaseUrl } = JSON.parse(listening);

const clientId = generateClientId();
const clientSecret = generateClientSecret("production");
const db = new pg.Client({ connectionString: embeddedDatabaseUrl });
await db.connect();
const org = await db.query(
  "INSERT INTO organizations (id, slug, name, plan, updated_at) VALUES (gen_random_uuid(), 'bench', 'Bench', 'enterprise', now()) RETURNING id",
);
await db.query(
  `INSERT INTO api_keys (id, org_id, client_id, name, environment, scopes, secret_hash, secret_hint, updated_at)
   VALUES (gen_random_uuid(), $1, $2, 'bench', 'production', $3, $4, $5, now())`,
  [org.rows[0].id, clientId, ["read:agents", "write:agents"], hashClientSecret(clientSecret), secretHint(clientSecret)],
);
await db.end();

// --- the peer
const peerPort = await freePort();
const peer = startPinned(
  "oidc-provider",
  [path.join(root, "bench/peers/oidc-provider.mjs"), String(peerPort), clientId, clientSecret],
  {
    NODE_ENV: "production",
  },
);
await waitFor(peer.logFile, (text) => text.includes("ready"), "node-oidc-provider");

const body = new URLSearchParams({
  grant_type: "client_credentials",
  client_id: clientId,
  client_secret: clientSecret,
}).toString();
const targets = {
  ours: { url: `${oursBase}/v1/auth/token` },
  peer: { url: `http://127.0.0.1:${peerPort}/token` },
};
for (const target of Object.values(targets)) {
  await checkOneToken(target.url, body);
  target.run = load(target.url, body);
  target.run(WARMUP);
  target.rounds = [];
}
for (let round = 0; round < ROUNDS; round++) {
  for (const target of Object.values(targets)) target.rounds.push(target.run(DURATION));
}

const median = (rounds) => [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)];
const summary = (rounds) => {
  const m = median(rounds);
  return {
    rps: Math.round(m.rps),
    p50_ms: m.p50_ms,
    p99_ms: m.p99_ms,
    non2xx: rounds.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    rounds_rps: rounds.map((r) => Math.round(r.rps)),
  };
};
const oursSummary = summary(targets.ours.rounds);
const peerSummary = summary(targets.peer.rounds);
const ratio = Math.round((oursSummary.rps / peerSummary.rps) * 100) / 100;
console.log(
  JSON.stringify({
    bench: "POST token, client_credentials",
    connections: CONNECTIONS,
    duration_s: DURATION,
    rounds: ROUNDS,
    cpus: { servers: SERVER_CPU, load: LOAD_CPU },
    workflux: oursSummary,
    oidc_provider: peerSummary,
    ratio,
    target_met: ratio >= 1.5 && oursSummary.p99_ms < 20 && oursSummary.non2xx === 0,
  }),
);
cleanup();
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
