// The audit log's Details column: metadata as readable "key: value" pairs, whole values, no secrets.
import { describe, expect, it } from "vitest";
import { formatAuditDetails, humanizeField, MAX_DETAIL_VALUE_LENGTH, REDACTED } from "@/lib/audit/format-audit-details";

describe("formatAuditDetails", () => {
  it("reads a key edit as words, from → to and lists, without the event's own time", () => {
    const details = formatAuditDetails({
      changes: {
        name: { from: "Billing export", to: "Finance export" },
        scopes: { added: ["write:agents"], removed: [], now: ["read:agents", "write:agents"] },
        expiresAt: { from: null, to: "2026-03-01T12:00:00.000Z" },
      },
      at: "2026-01-01T00:00:00.000Z",
    });
    expect(details).toEqual([
      { label: "name", value: "Billing export → Finance export" },
      { label: "scopes added", value: "write:agents" },
      { label: "scopes removed", value: "none" },
      { label: "scopes now", value: "read:agents, write:agents" },
      { label: "expires at", value: "none → 2026-03-01 12:00:00Z" },
    ]);
  });

  it("turns reason codes and flags into words and flattens nested evidence", () => {
    expect(
      formatAuditDetails({
        reason: "no_longer_needed",
        note: null,
        liveTokensEnded: true,
        kind: "new_source_ip",
        evidence: { ip: "203.0.113.9", knownAddresses: 2 },
      }),
    ).toEqual([
      { label: "reason", value: "no longer needed" },
      { label: "note", value: "none" },
      { label: "live tokens ended", value: "yes" },
      { label: "kind", value: "new source ip" },
      { label: "evidence ip", value: "203.0.113.9" },
      { label: "evidence known addresses", value: "2" },
    ]);
  });

  it("keeps client ids, emails and scopes as they are", () => {
    const clientId = "wfc_abcdefghijklmnopqrstuvwx";
    expect(formatAuditDetails({ clientId, email: "ana@example.test", scopes: ["read:agents"] })).toEqual([
      { label: "client id", value: clientId },
      { label: "email", value: "ana@example.test" },
      { label: "scopes", value: "read:agents" },
    ]);
  });

  it("never shows a secret: fields named like one and values shaped like one are redacted", () => {
    const secret = `wfs_live_${"A1b2C3d4".repeat(6)}`;
    const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3ZmNfYWJjIn0.c2lnbmF0dXJl";
    const details = formatAuditDetails({
      clientSecret: "anything",
      secret_hash: "00ff",
      accessToken: "opaque",
      password: "hunter2",
      nested: { authorization: "Basic abc" },
      pasted: `leaked ${secret} here`,
      token_like: jwt,
      previousSecretValidUntil: "2026-01-02T00:00:00.000Z",
    });
    expect(details).toEqual([
      { label: "client secret", value: REDACTED },
      { label: "secret hash", value: REDACTED },
      { label: "access token", value: REDACTED },
      { label: "password", value: REDACTED },
      { label: "nested authorization", value: REDACTED },
      { label: "pasted", value: REDACTED },
      { label: "token like", value: REDACTED },
      { label: "previous secret valid until", value: "2026-01-02 00:00:00Z" },
    ]);
    expect(JSON.stringify(details)).not.toContain("hunter2");
    expect(JSON.stringify(details)).not.toContain(secret);
  });

  it("shortens a very long value at a word boundary, never mid-word", () => {
    const note = "word ".repeat(200).trim();
    const [detail] = formatAuditDetails({ note });
    expect(detail!.value.length).toBeLessThanOrEqual(MAX_DETAIL_VALUE_LENGTH + 1);
    expect(detail!.value).toMatch(/ word…$/);
  });

  it("answers nothing for metadata that is not an object", () => {
    expect(formatAuditDetails(null)).toEqual([]);
    expect(formatAuditDetails(["a"])).toEqual([]);
    expect(formatAuditDetails({})).toEqual([]);
  });
});

describe("humanizeField", () => {
  it("splits camelCase and snake_case into lower-case words", () => {
    expect(humanizeField("previousSecretValidUntil")).toBe("previous secret valid until");
    expect(humanizeField("org_slug")).toBe("org slug");
    expect(humanizeField("ip")).toBe("ip");
  });
});
