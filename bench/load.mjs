// One autocannon run, in its own process so it can be pinned to its own core.
// Usage: node bench/load.mjs '{"url":..., "body":..., "connections":50, "duration":10}'
// Prints one JSON line.
import autocannon from "autocannon";

const config = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: config.url,
  method: config.method ?? "POST",
  headers: config.headers ?? { "content-type": config.contentType ?? "application/x-www-form-urlencoded" },
  body: config.body,
  connections: config.connections,
  duration: config.duration,
  pipelining: 1,
});
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    requests: result.requests.total,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
