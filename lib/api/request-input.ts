// Reading a platform API request's input: a strict JSON body, the query string, a path id. Every
// refusal is an `invalid_request` (with details per field), 413 or 415 AppError, never a 500.
import { z } from "zod";
import { AppError } from "../errors";
import type { RouteRequest } from "../http/route";

export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return out;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("invalid_request", "The request is invalid; see details.", {
      fieldErrors: fieldErrors(parsed.error),
    });
  }
  return parsed.data;
}

export function jsonBody(request: RouteRequest): unknown {
  if (request.bodyTooLarge) throw new AppError("payload_too_large", "The request body is too large.");
  if (!/^application\/json\s*(;|$)/i.test(request.contentType ?? "")) {
    throw new AppError("unsupported_media_type", "Send a JSON body with Content-Type: application/json.");
  }
  try {
    return JSON.parse(Buffer.from(request.body).toString("utf8"));
  } catch {
    throw new AppError("invalid_request", "The request body is not valid JSON.");
  }
}

export function query(request: RouteRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(request.query)) {
    if (name in out) throw new AppError("invalid_request", `The query parameter ${name} is repeated.`);
    out[name] = value;
  }
  return out;
}

/** A malformed id names nothing: 404, like an id of another organization. */
export function pathId(request: RouteRequest): string {
  const parsed = z.uuid().safeParse(request.params.id);
  if (!parsed.success) throw new AppError("not_found", "No such resource.");
  return parsed.data;
}
