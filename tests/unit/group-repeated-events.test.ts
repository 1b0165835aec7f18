// A key's trail and recent failures fold repeats: "13 × malformed secret, 9:55–9:56 PM".
import { describe, expect, it } from "vitest";
import { describeRepeats, failureKind, groupRepeats, REPEAT_GAP_MS } from "@/lib/audit/group-repeated-events";

type Failure = { id: string; at: string; action: string; reason: string | null; ip: string | null };

const base = Date.parse("2026-03-04T21:56:00.000Z");
/** Newest first, as the trail lists them: `secondsAgo` from a fixed instant. */
const failure = (
  id: string,
  secondsAgo: number,
  reason: string | null,
  ip: string | null = "203.0.113.7",
): Failure => ({
  id,
  at: new Date(base - secondsAgo * 1000).toISOString(),
  action: "oauth.client_auth_failed",
  reason,
  ip,
});

describe("groupRepeats", () => {
  it("folds thirteen identical failures a few seconds apart into one group with its time span", () => {
    const events = Array.from({ length: 13 }, (_, i) => failure(`f${i}`, i * 5, "malformed_secret"));
    const groups = groupRepeats(events, failureKind);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      id: "f0",
      count: 13,
      to: "2026-03-04T21:56:00.000Z",
      from: "2026-03-04T21:55:00.000Z",
      ips: ["203.0.113.7"],
    });
    expect(groups[0]!.items.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it("keeps different reasons, other actions and non-repeating events apart, in order", () => {
    const events = [
      failure("a", 0, "wrong_secret"),
      failure("b", 1, "wrong_secret", "198.51.100.2"),
      failure("c", 2, "malformed_secret"),
      { id: "d", at: new Date(base - 3000).toISOString(), action: "credential.rotated", reason: null, ip: null },
      { id: "e", at: new Date(base - 4000).toISOString(), action: "credential.rotated", reason: null, ip: null },
      failure("f", 5, "wrong_secret"),
    ];
    const groups = groupRepeats(events, (event) =>
      event.action === "oauth.client_auth_failed" ? failureKind(event) : null,
    );
    expect(groups.map((group) => [group.id, group.count])).toEqual([
      ["a", 2],
      ["c", 1],
      ["d", 1],
      ["e", 1],
      ["f", 1],
    ]);
    expect(groups[0]!.ips).toEqual(["203.0.113.7", "198.51.100.2"]);
  });

  it("starts a new group after a quiet gap longer than the limit", () => {
    const gapSeconds = REPEAT_GAP_MS / 1000;
    const events = [
      failure("a", 0, "wrong_secret"),
      failure("b", gapSeconds, "wrong_secret"),
      failure("c", 2 * gapSeconds + 1, "wrong_secret"),
    ];
    expect(groupRepeats(events, failureKind).map((group) => group.count)).toEqual([2, 1]);
  });

  it("answers nothing for nothing", () => {
    expect(groupRepeats([], failureKind)).toEqual([]);
  });
});

describe("describeRepeats", () => {
  it("says how many times and why, in words", () => {
    expect(describeRepeats(13, "malformed_secret", "failed")).toBe("13 × malformed secret");
    expect(describeRepeats(1, "wrong_secret", "failed")).toBe("wrong secret");
    expect(describeRepeats(1200, null, "Client authentication failed")).toBe("1,200 × Client authentication failed");
  });
});
