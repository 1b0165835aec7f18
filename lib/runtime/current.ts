// The running runtime (start-runtime.ts), for code that serves a request or runs a use case. It is
// the process's one global: Next bundles server code more than once (route handlers, pages,
// server.ts's own copy), and every copy must reach the same database pool, caches and limiters.
import type { Runtime } from "./start-runtime";

const KEY = Symbol.for("workflux.runtime");
type Holder = { [KEY]?: Runtime };
const holder = globalThis as Holder;

/** The started runtime; throws when nothing started one (a script or test that forgot to). */
export function getRuntime(): Runtime {
  const runtime = holder[KEY];
  if (!runtime)
    throw new Error("The WorkFlux runtime is not started (startRuntime() in server.ts, a script or a test).");
  return runtime;
}

/** The runtime if one is started. */
export function peekRuntime(): Runtime | undefined {
  return holder[KEY];
}

/** Only start-runtime.ts sets or clears it. */
export function setRuntime(runtime: Runtime | undefined): void {
  holder[KEY] = runtime;
}

/** The running runtime's parsed environment. */
export function getEnv(): Runtime["env"] {
  return getRuntime().env;
}
