import { beforeEach, describe, expect, it } from "vitest";
import { memoryLimiterStore } from "@/lib/rate-limit/limiter-store";
import { SIGN_IN_ATTEMPTS_PER_IP, SIGN_IN_FAILURES_PER_EMAIL, SignInLimits } from "@/lib/rate-limit/sign-in-limiter";

describe("sign-in throttle", () => {
  // A fresh instance per test: a clean slate, as a fresh runtime's limits are.
  let limits: SignInLimits;
  beforeEach(() => {
    limits = new SignInLimits(memoryLimiterStore());
  });
  const admitSignInAttempt = (ip: string, email: string) => limits.admit(ip, email);
  const clearSignInFailures = (email: string) => limits.clearFailures(email);

  it("blocks an email after its attempts are spent, from any address, and tells when to retry", async () => {
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i++) {
      expect((await admitSignInAttempt(`10.0.0.${i}`, "a@example.com")).allowed).toBe(true);
    }
    const gate = await admitSignInAttempt("10.0.1.1", "a@example.com");
    expect(gate).toMatchObject({ allowed: false });
    if (!gate.allowed) expect(gate.retryAfterSeconds).toBeGreaterThan(0);
    expect((await admitSignInAttempt("10.0.1.1", "b@example.com")).allowed).toBe(true);
  });

  it("a successful sign-in gives the email's budget back", async () => {
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL - 1; i++) await admitSignInAttempt(`10.0.0.${i}`, "a@example.com");
    await clearSignInFailures("a@example.com");
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i++) {
      expect((await admitSignInAttempt(`10.0.2.${i}`, "a@example.com")).allowed).toBe(true);
    }
  });

  it("successful sign-ins from one office address do not use up its budget; wrong guesses do", async () => {
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_IP + 10; i++) {
      expect((await admitSignInAttempt("198.51.100.1", `person-${i}@example.com`)).allowed).toBe(true);
      await limits.clearFailures(`person-${i}@example.com`, "198.51.100.1");
    }
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_IP; i++)
      await admitSignInAttempt("198.51.100.2", `guess-${i}@example.com`);
    expect((await admitSignInAttempt("198.51.100.2", "one-more@example.com")).allowed).toBe(false);
  });

  it("a parallel burst of guesses at one email admits exactly its budget", async () => {
    const results = await Promise.all(
      Array.from({ length: SIGN_IN_FAILURES_PER_EMAIL + 15 }, (_, i) =>
        admitSignInAttempt(`192.0.2.${i}`, "target@x.io"),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_FAILURES_PER_EMAIL);
  });

  it("limits attempts per source IP across emails, also under a parallel burst", async () => {
    const results = await Promise.all(
      Array.from({ length: SIGN_IN_ATTEMPTS_PER_IP + 5 }, (_, i) => admitSignInAttempt("198.51.100.7", `u${i}@x.io`)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_ATTEMPTS_PER_IP);
  });

  it("addresses in one IPv6 /64 share the per-address budget", async () => {
    const results = [];
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_IP + 3; i++)
      results.push(await admitSignInAttempt(`2001:db8:1:2::${(i + 1).toString(16)}`, `v6-${i}@x.io`));
    expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_ATTEMPTS_PER_IP);
  });

  it("counts per instance: a fresh one starts with every budget, the spent one stays blocked", async () => {
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i++) await admitSignInAttempt(`10.0.3.${i}`, "c@example.com");
    const fresh = new SignInLimits(memoryLimiterStore());
    expect((await fresh.admit("10.0.4.1", "c@example.com")).allowed).toBe(true);
    expect((await admitSignInAttempt("10.0.4.1", "c@example.com")).allowed).toBe(false);
  });
});
