import { describe, expect, it } from "vitest";
import { credentialStatus, isCredentialLive } from "@/lib/credentials/credential-status";
import { resolveExpiry } from "@/lib/credentials/expiry";
import { decodeCursor, encodeCursor } from "@/lib/credentials/list-credentials";
import { previousSecretValidUntil } from "@/lib/credentials/rotation-grace";
import { CreateCredentialInput, ListCredentialsQuery, RevokeCredentialInput } from "@/lib/credentials/schemas";
import { CREDENTIAL_SCOPES } from "@/lib/credentials/scopes";
import { isSameOriginRequest } from "@/lib/http/same-origin";

const NOW = new Date("2026-03-01T12:00:00.000Z");
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe("rotation grace arithmetic", () => {
  it("keeps the old secret for exactly the chosen grace, by the server clock", () => {
    expect(previousSecretValidUntil(NOW, "now", null)).toBeNull();
    expect(previousSecretValidUntil(NOW, "1h", null)).toEqual(at(HOUR));
    expect(previousSecretValidUntil(NOW, "24h", null)).toEqual(at(DAY));
    expect(previousSecretValidUntil(NOW, "7d", null)).toEqual(at(7 * DAY));
  });

  it("never lets the old secret outlive the key", () => {
    expect(previousSecretValidUntil(NOW, "7d", at(2 * DAY))).toEqual(at(2 * DAY));
    expect(previousSecretValidUntil(NOW, "1h", at(2 * DAY))).toEqual(at(HOUR));
    expect(previousSecretValidUntil(NOW, "24h", NOW)).toBeNull();
  });
});

describe("credential status", () => {
  const base = { revokedAt: null, expiresAt: null, secretCreatedAt: at(-DAY), previousSecretValidUntil: null };

  it("is Active for a fresh key and Rotation due after 90 days since the last secret", () => {
    expect(credentialStatus(base, NOW)).toEqual({ kind: "active" });
    expect(credentialStatus({ ...base, secretCreatedAt: at(-90 * DAY) }, NOW)).toEqual({ kind: "active" });
    expect(credentialStatus({ ...base, secretCreatedAt: at(-91 * DAY) }, NOW)).toEqual({
      kind: "rotation_due",
      secretAgeDays: 91,
    });
  });

  it("is Expiring under 7 days, Expired at its expiry, Revoked above everything", () => {
    expect(credentialStatus({ ...base, expiresAt: at(8 * DAY) }, NOW).kind).toBe("active");
    expect(credentialStatus({ ...base, expiresAt: at(3 * DAY - HOUR) }, NOW)).toEqual({
      kind: "expiring",
      expiresAt: at(3 * DAY - HOUR).toISOString(),
    });
    expect(credentialStatus({ ...base, expiresAt: NOW }, NOW).kind).toBe("expired");
    expect(credentialStatus({ ...base, expiresAt: at(-DAY), revokedAt: at(-2 * DAY) }, NOW).kind).toBe("revoked");
    expect(isCredentialLive({ revokedAt: null, expiresAt: NOW }, NOW)).toBe(false);
    expect(isCredentialLive({ revokedAt: null, expiresAt: at(1) }, NOW)).toBe(true);
  });

  it("is Rotating while the previous secret still works, naming until when", () => {
    expect(credentialStatus({ ...base, previousSecretValidUntil: at(HOUR) }, NOW)).toEqual({
      kind: "rotating",
      previousSecretValidUntil: at(HOUR).toISOString(),
    });
    expect(credentialStatus({ ...base, previousSecretValidUntil: at(-1) }, NOW).kind).toBe("active");
  });
});

describe("expiry", () => {
  it("counts presets from now and refuses past or far-future dates", () => {
    expect(resolveExpiry({ kind: "never" }, NOW)).toBeNull();
    expect(resolveExpiry({ kind: "days", days: 90 }, NOW)).toEqual(at(90 * DAY));
    expect(resolveExpiry({ kind: "date", date: at(HOUR).toISOString() }, NOW)).toEqual(at(HOUR));
    expect(() => resolveExpiry({ kind: "date", date: at(-1).toISOString() }, NOW)).toThrow(/highlighted/);
    expect(() => resolveExpiry({ kind: "date", date: at(6 * 366 * DAY).toISOString() }, NOW)).toThrow();
  });
});

describe("input schemas", () => {
  const create = {
    orgSlug: "acme",
    name: " CI ",
    environment: "staging",
    scopes: ["admin", "read:agents", "admin"],
    expiry: { kind: "never" },
  };

  it("offers exactly the guide's five scopes, deduplicated in the guide's order", () => {
    expect(CREDENTIAL_SCOPES.map((s) => `${s.scope} - ${s.description}`)).toEqual([
      "read:agents - Read agent information",
      "write:agents - Create and update agents",
      "read:analytics - Access analytics data",
      "write:integrations - Manage integrations",
      "admin - Full administrative access",
    ]);
    expect(CreateCredentialInput.parse(create)).toMatchObject({ name: "CI", scopes: ["read:agents", "admin"] });
  });

  it("is strict: unknown keys, unknown scopes and empty scope lists are refused", () => {
    expect(CreateCredentialInput.safeParse({ ...create, orgId: "x" }).success).toBe(false);
    expect(CreateCredentialInput.safeParse({ ...create, scopes: [] }).success).toBe(false);
    expect(CreateCredentialInput.safeParse({ ...create, scopes: ["read:Agents"] }).success).toBe(false);
    expect(CreateCredentialInput.safeParse({ ...create, expiry: { kind: "never", days: 3 } }).success).toBe(false);
    expect(CreateCredentialInput.safeParse({ ...create, name: "a\nb" }).success).toBe(false);
  });

  it("needs a note for the reason Other", () => {
    const revoke = { orgSlug: "acme", credentialId: "0195f2d4-7c1e-7000-8000-000000000000", reason: "other" };
    expect(RevokeCredentialInput.safeParse(revoke).success).toBe(false);
    expect(RevokeCredentialInput.safeParse({ ...revoke, note: "rotated vendor" }).success).toBe(true);
  });

  it("reads the list's query string leniently", () => {
    expect(ListCredentialsQuery.parse({})).toEqual({ env: "all", status: "all", q: "" });
    expect(ListCredentialsQuery.parse({ env: "moon", status: "?", q: "  ci " })).toEqual({
      env: "all",
      status: "all",
      q: "ci",
    });
  });
});

describe("list cursors", () => {
  it("round-trip and ignore garbage", () => {
    const cursor = { createdAt: NOW, id: "0195f2d4-7c1e-7000-8000-000000000000" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor("garbage")).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });
});

describe("same-origin check for cookie-authenticated GET routes", () => {
  const req = (headers: Record<string, string>) =>
    new Request("http://localhost:3000/api/orgs/a/credentials", { headers });
  it("allows same-origin fetches and refuses cross-site ones", () => {
    expect(isSameOriginRequest(req({ "sec-fetch-site": "same-origin" }), "http://localhost:3000")).toBe(true);
    expect(isSameOriginRequest(req({ "sec-fetch-site": "cross-site" }), "http://localhost:3000")).toBe(false);
    expect(isSameOriginRequest(req({ "sec-fetch-site": "same-site" }), "http://localhost:3000")).toBe(false);
    expect(isSameOriginRequest(req({ origin: "https://evil.example" }), "http://localhost:3000")).toBe(false);
    expect(isSameOriginRequest(req({ origin: "http://localhost:3000" }), "http://localhost:3000")).toBe(true);
    expect(isSameOriginRequest(req({}), "http://localhost:3000")).toBe(true);
  });
});
