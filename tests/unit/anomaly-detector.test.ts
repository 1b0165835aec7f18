import { describe, expect, it } from "vitest";
import {
  AnomalyDetector,
  COOLDOWN_MS,
  FAILED_AUTH_BURST,
  FAILED_AUTH_WINDOW_MS,
  SPIKE_MIN_REQUESTS,
} from "@/lib/anomalies/detector";

const t0 = new Date("2026-11-01T00:00:00Z").getTime();
const at = (ms: number) => new Date(t0 + ms);
const HOUR = 3_600_000;

describe("anomaly flags", () => {
  it("flags the first use from a new source IP, but not a key's very first use", () => {
    const d = new AnomalyDetector();
    expect(d.recordUse("k", "10.0.0.1", at(0))).toEqual([]);
    expect(d.recordUse("k", "10.0.0.1", at(1000))).toEqual([]);
    const [flag] = d.recordUse("k", "203.0.113.9", at(2000));
    expect(flag).toMatchObject({ kind: "new_source_ip", evidence: { ip: "203.0.113.9", knownAddresses: 1 } });
    expect(d.recordUse("k", "203.0.113.9", at(3000))).toEqual([]);
  });

  it("keys are independent", () => {
    const d = new AnomalyDetector();
    d.recordUse("a", "10.0.0.1", at(0));
    expect(d.recordUse("b", "10.0.0.2", at(1))).toEqual([]);
  });

  it("flags a spike against the key's own baseline, not absolute volume", () => {
    const d = new AnomalyDetector();
    // A steady key: 50 requests an hour for a day.
    for (let h = 0; h < 24; h++) for (let i = 0; i < 50; i++) d.recordUse("steady", "10.0.0.1", at(h * HOUR + i));
    const thisHour = 24 * HOUR;
    const flags = [];
    for (let i = 0; i < 240; i++) flags.push(...d.recordUse("steady", "10.0.0.1", at(thisHour + i)));
    expect(flags).toEqual([]); // 240 ≤ 5 × 50: busy but normal for this key
    expect(d.recordUse("steady", "10.0.0.1", at(thisHour + 300))).toEqual([]);
    for (let i = 0; i < 10; i++) flags.push(...d.recordUse("steady", "10.0.0.1", at(thisHour + 400 + i)));
    expect(flags.map((f) => f.kind)).toEqual(["traffic_spike"]); // past 250 it is a spike

    const quiet = new AnomalyDetector();
    for (let h = 0; h < 24; h++) quiet.recordUse("quiet", "10.0.0.1", at(h * HOUR));
    const spike = [];
    for (let i = 0; i < SPIKE_MIN_REQUESTS; i++) spike.push(...quiet.recordUse("quiet", "10.0.0.1", at(thisHour + i)));
    expect(spike).toHaveLength(1);
    expect(spike[0]).toMatchObject({
      kind: "traffic_spike",
      evidence: { requestsThisHour: SPIKE_MIN_REQUESTS, hourlyBaseline: 1 },
    });
  });

  it("flags a burst of failed authentications inside the window, once per cooldown", () => {
    const d = new AnomalyDetector();
    const flags = [];
    for (let i = 0; i < FAILED_AUTH_BURST * 2; i++) flags.push(...d.recordFailedAuth("k", at(i * 1000)));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: "failed_auth_burst", evidence: { failures: FAILED_AUTH_BURST } });
    expect(d.recordFailedAuth("k", at(COOLDOWN_MS + 30_000))).toEqual([]); // window emptied meanwhile
  });

  it("failures spread wider than the window never add up to a burst", () => {
    const d = new AnomalyDetector();
    const spacing = FAILED_AUTH_WINDOW_MS / (FAILED_AUTH_BURST - 1) + 1000;
    const flags = [];
    for (let i = 0; i < FAILED_AUTH_BURST * 3; i++) flags.push(...d.recordFailedAuth("k", at(i * spacing)));
    expect(flags).toEqual([]);
  });
});
