// Decides whether a PostgreSQL URL points at this machine. Destructive tooling (db:reset, the test
// setup that drops the public schema) only runs against local databases unless forced.

const LOCAL_HOSTNAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * True for loopback hosts and Unix sockets (an empty host, or a `host=` parameter that is a path).
 * Unparseable URLs count as remote, so a typo never unlocks a destructive command.
 */
export function isLocalDatabaseUrl(databaseUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return false;
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") return false;
  const hostParameter = url.searchParams.get("host");
  if (hostParameter) return hostParameter.startsWith("/") || LOCAL_HOSTNAMES.has(hostParameter);
  const hostname = decodeURIComponent(url.hostname);
  return hostname === "" || hostname.startsWith("/") || LOCAL_HOSTNAMES.has(hostname.toLowerCase());
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
