// Benchmark, not a test: `npm run bench:api`. What the API guard costs: GET /v1/agents with a
// valid token through the full guard, against the same route with the guard skipped, in one run
// on one server process (bench/api-server.ts) pinned to CPU 0; autocannon (50 connections)
// pinned to CPU 1; 127.0.0.1 only. Alternating rounds; the median round of each is reported.
// Target: the guard costs at most 25 % of throughput (ratio ≥ 0.75).
// Prints one JSON line. Knobs: BENCH_DURATION (s per round, default 8), BENCH_ROUNDS (default 5).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 50;

if (spawnSync("taskset", ["-c", "0", "true"]).status !== 0) {
  console.error("taskset is required (util-linux) to pin the server and the load generator.");
  process.exit(1);
}

const port = await new Promise((resolve, reject) => {
  const s = createServer();
  s.once("error", reject);
  s.listen(0, "127.0.0.1", () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const workDir = mkdtempSync(path.join(tmpdir(), "workflux-bench-api-"));
const server = spawn(
  "taskset",
  ["-c", "0", process.execPath, "--import", "tsx", "bench/api-server.ts", String(port), workDir],
  {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  },
);
const stop = () => {
  if (server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  }
};
process.on("exit", stop);

const token = await new Promise((resolve, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error(`bench server did not start:\n${out}`)), 120_000);
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const match = /ready (\S+)/.exec(out);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  server.once("exit", (code) => reject(new Error(`bench server exited with ${code}:\n${out}`)));
});

const base = `http://127.0.0.1:${port}`;
for (const url of [`${base}/v1/agents`, `${base}/baseline/v1/agents`]) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  if (res.status !== 200 || body.data?.length !== 20)
    throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
}

function run(url, duration) {
  const config = {
    url,
    method: "GET",
    headers: { authorization: `Bearer ${token}` },
    connections: CONNECTIONS,
    duration,
  };
  const result = spawnSync(
    "taskset",
    ["-c", "1", process.execPath, path.join(root, "bench/load.mjs"), JSON.stringify(config)],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`load generator failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop());
}

const targets = { guarded: `${base}/v1/agents`, baseline: `${base}/baseline/v1/agents` };
const rounds = { guarded: [], baseline: [] };
for (const url of Object.values(targets)) run(url, 3); // warm-up
for (let i = 0; i < ROUNDS; i++)
  for (const [name, url] of Object.entries(targets)) rounds[name].push(run(url, DURATION));

const median = (list) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
const summary = (list) => {
  const m = median(list);
  return {
    rps: Math.round(m.rps),
    p50_ms: m.p50_ms,
    p99_ms: m.p99_ms,
    non2xx: list.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    rounds_rps: list.map((r) => Math.round(r.rps)),
  };
};
const guarded = summary(rounds.guarded);
const baseline = summary(rounds.baseline);
const ratio = Math.round((guarded.rps / baseline.rps) * 100) / 100;
console.log(
  JSON.stringify({
    bench: "GET /v1/agents (20 agents)",
    connections: CONNECTIONS,
    duration_s: DURATION,
    rounds: ROUNDS,
    guarded,
    baseline_no_guard: baseline,
    ratio,
    target_met: ratio >= 0.75 && guarded.non2xx === 0,
  }),
);
stop();
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
