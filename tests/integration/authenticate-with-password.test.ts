import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { SIGN_IN_FAILURES_PER_EMAIL } from "@/lib/rate-limit/sign-in-limiter";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";
import { createMember, createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

const meta = { ip: "203.0.113.5", userAgent: "vitest" };

describe("email + password sign-in", () => {
  beforeEach(() => testRuntime().limits.reset());

  it("signs a member in with the right password, whatever the email's case", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "developer");
    const result = await authenticateWithPassword(
      getDb(),
      { email: user.email.toUpperCase(), password: user.password },
      meta,
    );
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: user.name },
      verifiedHash: expect.stringMatching(/^\$argon2id\$/),
    });
  });

  it("finds an account whose address was typed in another case or Unicode normalization (NFD)", async () => {
    const org = await createOrg();
    const email = `zoë-${Date.now()}@example.test`.normalize("NFC");
    const user = await createMember(org.id, "viewer", { email });
    const typed = email.toUpperCase().normalize("NFD");
    expect(typed).not.toBe(email);
    const result = await authenticateWithPassword(getDb(), { email: `  ${typed} `, password: user.password }, meta);
    expect(result).toMatchObject({ ok: true, user: { id: user.id, email } });
  });

  it("answers a wrong password, an unknown email and malformed input with the same generic failure", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "viewer");
    const db = getDb();
    const answers = [
      await authenticateWithPassword(db, { email: user.email, password: "wrong-password" }, meta),
      await authenticateWithPassword(db, { email: "nobody@example.test", password: user.password }, meta),
      await authenticateWithPassword(db, { email: "not-an-email", password: 42 }, meta),
      await authenticateWithPassword(db, undefined, meta),
    ];
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("throttles an email after repeated failures, even with the right password, then names a retry time", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "owner");
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL; i++) {
      await authenticateWithPassword(
        getDb(),
        { email: user.email, password: "wrong" },
        { ...meta, ip: `198.51.100.${i}` },
      );
    }
    const result = await authenticateWithPassword(getDb(), { email: user.email, password: user.password }, meta);
    expect(result).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("audits successes and failures in the member's organization without the password", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "admin", { password: "a-very-distinct-password-42" });
    await authenticateWithPassword(getDb(), { email: user.email, password: "a-very-distinct-password-41" }, meta);
    await authenticateWithPassword(getDb(), { email: user.email, password: user.password }, meta);
    // The failure's row is written by the activity batcher after the answer, with its real time.
    await testRuntime().activity.flush();
    const events = await getDb().auditEvent.findMany({ where: { orgId: org.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.outcome, e.ip])).toEqual([
      ["user.sign_in_failed", "failure", meta.ip],
      ["user.sign_in", "success", meta.ip],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/a-very-distinct-password/);
  });
});
