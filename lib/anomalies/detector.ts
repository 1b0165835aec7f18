// Per-key anomaly rules, pure and in memory (the clock is passed in):
// - new source IP: a key that has been used before is used from an address it never used;
// - traffic spike: this hour's requests exceed SPIKE_FACTOR × the key's own hourly baseline;
// - failed-auth burst: FAILED_AUTH_BURST failed client authentications on one client id within
//   FAILED_AUTH_WINDOW_MS.
// Each kind fires at most once per key per COOLDOWN_MS so a flood does not become a flood of flags.

export type AnomalyKind = "new_source_ip" | "traffic_spike" | "failed_auth_burst";
export type Anomaly = { kind: AnomalyKind; at: Date; evidence: Record<string, string | number> };

export const MAX_REMEMBERED_IPS = 256;
export const BASELINE_HOURS = 24;
export const SPIKE_FACTOR = 5;
export const SPIKE_MIN_REQUESTS = 100;
export const FAILED_AUTH_BURST = 10;
export const FAILED_AUTH_WINDOW_MS = 5 * 60_000;
export const COOLDOWN_MS = 60 * 60_000;

const HOUR_MS = 3_600_000;

type KeyState = {
  ips: Set<string>;
  hourlyCounts: Map<number, number>; // hour index → requests
  failures: number[]; // timestamps (ms) within the window
  lastFlagged: Partial<Record<AnomalyKind, number>>;
};

export class AnomalyDetector {
  private readonly keys = new Map<string, KeyState>();

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = { ips: new Set(), hourlyCounts: new Map(), failures: [], lastFlagged: {} };
      this.keys.set(key, s);
    }
    return s;
  }

  /** Seeds the addresses a key is already known to use (e.g. its last-used IP from the database). */
  rememberIp(key: string, ip: string): void {
    this.addIp(this.state(key), ip);
  }

  private addIp(s: KeyState, ip: string): void {
    if (s.ips.size >= MAX_REMEMBERED_IPS) s.ips.delete(s.ips.values().next().value as string);
    s.ips.add(ip);
  }

  private fire(s: KeyState, kind: AnomalyKind, now: number, evidence: Anomaly["evidence"]): Anomaly | null {
    const last = s.lastFlagged[kind];
    if (last !== undefined && now - last < COOLDOWN_MS) return null;
    s.lastFlagged[kind] = now;
    return { kind, at: new Date(now), evidence };
  }

  /** A successful request or token issuance by `key` from `ip`. */
  recordUse(key: string, ip: string, at: Date): Anomaly[] {
    const s = this.state(key);
    const now = at.getTime();
    const found: Anomaly[] = [];
    if (s.ips.size > 0 && !s.ips.has(ip)) {
      const flag = this.fire(s, "new_source_ip", now, { ip, knownAddresses: s.ips.size });
      if (flag) found.push(flag);
    }
    this.addIp(s, ip);

    const hour = Math.floor(now / HOUR_MS);
    const count = (s.hourlyCounts.get(hour) ?? 0) + 1;
    s.hourlyCounts.set(hour, count);
    for (const h of s.hourlyCounts.keys()) if (h < hour - BASELINE_HOURS) s.hourlyCounts.delete(h);
    const baseline = this.baseline(s, hour);
    if (count >= SPIKE_MIN_REQUESTS && count > SPIKE_FACTOR * baseline) {
      const flag = this.fire(s, "traffic_spike", now, {
        requestsThisHour: count,
        hourlyBaseline: Math.round(baseline * 10) / 10,
      });
      if (flag) found.push(flag);
    }
    return found;
  }

  /** Mean requests per hour over the previous BASELINE_HOURS hours (quiet hours count as zero). */
  private baseline(s: KeyState, hour: number): number {
    let total = 0;
    for (let h = hour - BASELINE_HOURS; h < hour; h++) total += s.hourlyCounts.get(h) ?? 0;
    return total / BASELINE_HOURS;
  }

  /** A failed client authentication naming `key`'s client id. */
  recordFailedAuth(key: string, at: Date): Anomaly[] {
    const s = this.state(key);
    const now = at.getTime();
    s.failures = s.failures.filter((t) => now - t < FAILED_AUTH_WINDOW_MS);
    s.failures.push(now);
    if (s.failures.length < FAILED_AUTH_BURST) return [];
    const flag = this.fire(s, "failed_auth_burst", now, {
      failures: s.failures.length,
      windowSeconds: FAILED_AUTH_WINDOW_MS / 1000,
    });
    return flag ? [flag] : [];
  }
}
