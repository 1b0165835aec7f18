// JSON lines on stdout. Anything that could carry a secret is redacted by path, whatever the caller
// passes (SE-03, LG-03).
import pino from "pino";
import { getRuntime } from "../runtime/current";

const REDACT_PATHS = [
  "password",
  "*.password",
  "client_secret",
  "*.client_secret",
  "secret",
  "*.secret",
  "access_token",
  "*.access_token",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "cookie",
  "*.cookie",
];

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: "workflux-portal" }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } });
}

/**
 * The per-request line of the token service. It carries only ids, the IP, outcome and reason codes
 * (never a secret or token), so it skips the redaction pass the general logger runs on every call;
 * its lines are buffered (up to 4 KiB or 1 s) rather than written one syscall each.
 */
export function createRequestLogger(level: LogLevel): { logger: Logger; flush(): void; stop(): void } {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => destination.flush(), 1000);
  timer.unref();
  const logger = pino({ level, base: { service: "workflux-portal" } }, destination);
  return {
    logger,
    flush: () => destination.flush(),
    stop: () => {
      clearInterval(timer);
      destination.flushSync();
    },
  };
}

/** The running runtime's logger. */
export function getLogger(): Logger {
  return getRuntime().log;
}
