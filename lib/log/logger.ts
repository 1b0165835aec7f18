// JSON lines on stdout. Anything that could carry a secret is redacted by path, whatever the caller
// passes (SECURITY SE-03, LG-03).
import pino from "pino";
import { getEnv } from "../env";

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

const globalForLog = globalThis as unknown as { __workfluxLogger?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLog.__workfluxLogger ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: "workflux-portal" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  });
  return globalForLog.__workfluxLogger;
}
