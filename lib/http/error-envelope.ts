// The one JSON error body of /v1 (outside the RFC 6749 and RFC 6750 answers) and of the dashboard's
// JSON routes: `{"error": {"code", "message", "details"?}}` (LG-06). Built from an AppError: its
// public code and message, its field details; never its private detail.
import { AppError, isAppError } from "../errors";
import type { ResponseParts } from "./request-parts";

export const NO_STORE_JSON: Readonly<Record<string, string>> = Object.freeze({
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  Pragma: "no-cache",
});

export type ErrorEnvelope = { error: { code: string; message: string; details?: Record<string, string[]> } };

export function errorEnvelope(error: AppError): ErrorEnvelope {
  return {
    error: { code: error.code, message: error.message, ...(error.fieldErrors ? { details: error.fieldErrors } : {}) },
  };
}

export function jsonParts(status: number, body: unknown, headers: Record<string, string> = {}): ResponseParts {
  return { status, headers: { ...NO_STORE_JSON, ...headers }, body: JSON.stringify(body) };
}

/** The envelope answer for an AppError, with its headers (Retry-After, Allow, RateLimit-*) and `extra`. */
export function envelopeResponse(error: AppError, extra: Record<string, string> = {}): ResponseParts {
  return jsonParts(error.status, errorEnvelope(error), { ...extra, ...error.headers });
}

export const INTERNAL_ERROR = new AppError("server_error", "Something went wrong. Try again.");

/** An AppError as is; anything else (a bug) as the generic 500, whose cause only the log sees. */
export function asAppError(error: unknown): AppError {
  return isAppError(error) ? error : INTERNAL_ERROR;
}
