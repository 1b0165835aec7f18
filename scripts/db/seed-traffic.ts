// The demo's traffic for `npm run db:seed`, fed to the activity batcher in time order exactly as
// the token endpoint and the API report it (tokenIssued, apiRequest, authFailed): the counters,
// last use, audit rows of failed authentications and anomaly flags then come from the app's own
// code. Volumes stay under the traffic-spike threshold, so the only flag is the burst's.
import { randomInt } from "node:crypto";
import { FAILED_AUTH_BURST } from "../../lib/anomalies/detector";
import type { ActivityBatcher } from "../../lib/usage/activity-batcher";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type DemoKey = { apiKeyId: string; clientId: string; orgId: string; ip: string; userAgent: string };

type Activity = Pick<ActivityBatcher, "tokenIssued" | "apiRequest" | "authFailed">;

export type DemoTraffic = {
  now: number;
  /** A week of hourly traffic each: a token an hour, requests on the routes, a few refusals. */
  busy: Array<{ key: DemoKey; routes: [string, ...string[]] }>;
  /** A client retrying a mangled secret a few minutes ago: one failed-auth burst flag. */
  burstOf: DemoKey;
  /** Used for four days until revoked, then its client keeps trying for a while. */
  revoked: { key: DemoKey; revokedAt: number; route: string };
};

type Event = { at: number; report: (at: Date) => void };

export function feedDemoTraffic(
  activity: Activity,
  traffic: DemoTraffic,
): { requests: number; failedAuthentications: number } {
  const events: Event[] = [];
  let requests = 0;
  let failedAuthentications = 0;
  const common = (key: DemoKey) => ({ apiKeyId: key.apiKeyId, orgId: key.orgId, ip: key.ip, userAgent: key.userAgent });
  const token = (key: DemoKey, at: number) =>
    events.push({ at, report: (d) => activity.tokenIssued({ ...common(key), at: d }) });
  const request = (key: DemoKey, at: number, route: string, status: number) => {
    requests++;
    events.push({
      at,
      report: (d) => activity.apiRequest({ ...common(key), clientId: key.clientId, at: d, route, status }),
    });
  };
  const failure = (key: DemoKey, at: number, reason: string) => {
    failedAuthentications++;
    events.push({
      at,
      report: (d) => activity.authFailed({ ...common(key), clientId: key.clientId, at: d, reason, endpoint: "token" }),
    });
  };
  /** `count` instants spread over [from, to), never in the future. */
  const spread = (from: number, to: number, count: number) =>
    Array.from({ length: count }, () => from + randomInt(Math.max(1, Math.min(to, traffic.now) - from)));

  const currentHour = Math.floor(traffic.now / HOUR_MS) * HOUR_MS;
  for (const { key, routes } of traffic.busy) {
    for (let hour = 7 * 24 - 1; hour >= 0; hour--) {
      const start = currentHour - hour * HOUR_MS;
      const end = Math.min(start + HOUR_MS, traffic.now);
      token(key, start + randomInt(Math.max(1, Math.min(5 * MINUTE_MS, end - start))));
      // Reads, and an eighth as many writes on the second route: at most 90 uses an hour, under
      // the detector's SPIKE_MIN_REQUESTS, so a quiet first hour is no "spike".
      const reads = 30 + randomInt(50);
      for (const at of spread(start, end, reads)) request(key, at, routes[0], 200);
      if (routes[1]) for (const at of spread(start, end, Math.round(reads / 8))) request(key, at, routes[1], 201);
      if (hour % 23 === 5) for (const at of spread(start, end, 5)) request(key, at, routes[0], 429);
      if (hour % 31 === 7) failure(key, start + randomInt(HOUR_MS), "wrong_secret");
    }
  }

  // Thirteen tries of a mangled secret four seconds apart, five minutes ago.
  const burstStart = traffic.now - 6 * MINUTE_MS;
  for (let i = 0; i < FAILED_AUTH_BURST + 3; i++) failure(traffic.burstOf, burstStart + i * 4_000, "malformed_secret");

  const { key, revokedAt, route } = traffic.revoked;
  for (let start = revokedAt - 4 * DAY_MS; start < revokedAt; start += HOUR_MS) {
    token(key, start + randomInt(5 * MINUTE_MS));
    for (const at of spread(start + 5 * MINUTE_MS, Math.min(start + HOUR_MS, revokedAt), 5 + randomInt(15)))
      request(key, at, route, 201);
  }
  // After the revocation its live token is refused at once (401), then so is every new token request.
  for (const at of spread(revokedAt + 1_000, revokedAt + 20 * MINUTE_MS, 12)) request(key, at, route, 401);
  for (let i = 1; i <= 6; i++) failure(key, revokedAt + i * 10 * MINUTE_MS, "key_revoked");

  events.sort((a, b) => a.at - b.at);
  for (const event of events) event.report(new Date(event.at));
  return { requests, failedAuthentications };
}
