// Benchmark, not a test: `npm run bench:sign-in`. Does a failed sign-in take longer when the email
// has an account? Wrong passwords for an existing user (a member of three organizations) and for
// an unknown email, interleaved, on a fresh embedded database; argon2 and every query run as in
// production (the rate limiter and the activity batcher, which writes failures' audit rows after
// the answer, are left out: they do the same for both). Reports each path's
// median, the difference, and the two-sample Kolmogorov–Smirnov statistic with its p-value: a
// small p says an attacker could tell the two apart. Prints one JSON line.
// Knobs: BENCH_SAMPLES (per path, default 300).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/schema-engine";
import type { SignInLimits } from "../lib/rate-limit/sign-in-limiter";
import { authenticateWithPassword } from "../lib/users/authenticate-with-password";
import { hashPassword } from "../lib/users/password";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const EMAIL = "member@bench.test";
const meta = { ip: "192.0.2.1", userAgent: "bench" };
const deps = {
  limits: { admit: async () => ({ allowed: true }), clearFailures: async () => {} } as unknown as SignInLimits,
  activity: { auditLater: () => {} },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Two-sample KS statistic D and its asymptotic p-value. */
function kolmogorovSmirnov(a: number[], b: number[]): { d: number; p: number } {
  const [x, y] = [[...a].sort((p, q) => p - q), [...b].sort((p, q) => p - q)];
  let [i, j, d] = [0, 0, 0];
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}

const dir = mkdtempSync(path.join(tmpdir(), "workflux-bench-sign-in-"));
const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite") });
const db = createDb({ url: embedded.url, embedded: true });
try {
  await applyMigrations(embedded.url);
  const user = await db.user.create({
    data: { email: EMAIL, name: "Bench member", passwordHash: await hashPassword("the right password 1") },
  });
  for (const slug of ["bench-a", "bench-b", "bench-c"]) {
    const org = await db.organization.create({ data: { slug, name: slug } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "developer" } });
  }
  const attempt = async (email: string) => {
    const started = process.hrtime.bigint();
    const result = await authenticateWithPassword(db, { email, password: "a wrong password" }, meta, deps);
    if (result.ok) throw new Error("a wrong password signed in");
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  // Warm-up: the dummy hash, Prisma's query plans, the JIT.
  for (let i = 0; i < 20; i++) await attempt(i % 2 ? EMAIL : `warm-${i}@bench.test`);
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate which goes first, so drift on the shared machine hits both alike.
    if (i % 2) {
      known.push(await attempt(EMAIL));
      unknown.push(await attempt(`nobody-${i}@bench.test`));
    } else {
      unknown.push(await attempt(`nobody-${i}@bench.test`));
      known.push(await attempt(EMAIL));
    }
  }
  const { d, p } = kolmogorovSmirnov(known, unknown);
  console.log(
    JSON.stringify({
      samples: SAMPLES,
      knownMedianMs: Number(median(known).toFixed(3)),
      unknownMedianMs: Number(median(unknown).toFixed(3)),
      differenceMs: Number((median(known) - median(unknown)).toFixed(3)),
      ksD: Number(d.toFixed(4)),
      ksP: Number(p.toPrecision(3)),
    }),
  );
} finally {
  await db.$disconnect();
  await embedded.stop();
  rmSync(dir, { recursive: true, force: true });
}
