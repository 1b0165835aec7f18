// Pieces of the OpenAPI document shared by the routes' own descriptions (lib/oauth/routes.ts,
// lib/api/routes/*.ts): error bodies, response headers, shared responses and small schema helpers.
import type { ResponseConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { SCOPE_NAMES } from "../credentials/scopes";
import { ENVIRONMENTS } from "../db/enums";
import type { OAuthErrorCode } from "../oauth/oauth-error";

export const Scope = z.enum(SCOPE_NAMES);
export const EnvironmentSchema = z.enum(ENVIRONMENTS);
export const JsonObject = z.record(z.string(), z.unknown()).meta({ description: "Any JSON object (at most 16 KiB)." });
export const timestamps = { created_at: z.iso.datetime(), updated_at: z.iso.datetime() };
export const IdParams = z.object({ id: z.uuid().meta({ description: "The resource's id (a UUID)." }) });

export const OAuthErrorBody = z
  .object({
    error: z.enum([
      "invalid_request",
      "invalid_client",
      "unsupported_grant_type",
      "invalid_scope",
      "rate_limited",
      "temporarily_unavailable",
    ] satisfies OAuthErrorCode[]),
    error_description: z.string().meta({ description: "A fixed, human-readable text; it never echoes the request." }),
  })
  .meta({ id: "OAuthError", description: "RFC 6749 §5.2 error response." });

/** RFC 6750 §3: the guard's 400/401/403 answers, beside their WWW-Authenticate challenge. */
export const BearerErrorBody = z
  .object({
    error: z.string().meta({
      description: "`invalid_request`, `invalid_token`, `insufficient_scope`, or `unauthorized` (no token).",
      example: "invalid_token",
    }),
    error_description: z.string(),
    scope: z.string().optional().meta({ description: "On 403 `insufficient_scope`: the scope the request needs." }),
  })
  .meta({ id: "BearerError", description: "RFC 6750 §3 error response of a refused access token." });

export const ApiErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          "`invalid_request`, `not_found`, `method_not_allowed`, `conflict`, `payload_too_large`, `unsupported_media_type`, `rate_limited`, `temporarily_unavailable` or `server_error`.",
        example: "invalid_request",
      }),
      message: z.string().meta({ description: "A human-readable text; it never echoes a secret." }),
      details: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({
          description: "Per field (dotted path; `_` for the whole body): what is wrong with it. On 400 for bad input.",
          example: { name: ["Too small: expected string to have >=1 characters"] },
        }),
    }),
  })
  .meta({ id: "ApiError", description: "Every other platform API error: JSON, never HTML or a stack trace." });

const header = (description: string, schema: Record<string, unknown> = { type: "string" }) => ({ description, schema });
export const HEADERS = {
  "WWW-Authenticate": header(
    'RFC 6750 §3 challenge, e.g. `Bearer realm="workflux", error="insufficient_scope", scope="write:agents"`.',
  ),
  "Retry-After": header("Seconds to wait before retrying.", { type: "integer", minimum: 0 }),
  "RateLimit-Limit": header("Requests allowed in the current window (limited plans).", { type: "integer" }),
  "RateLimit-Remaining": header("Requests left in the current window.", { type: "integer" }),
  "RateLimit-Reset": header("Seconds until the window resets.", { type: "integer" }),
  "Cache-Control": header("`no-store` on every token, revocation and introspection answer.", {
    type: "string",
    example: "no-store",
  }),
  Pragma: header("`no-cache`.", { type: "string", example: "no-cache" }),
};
export type HeaderName = keyof typeof HEADERS;
export const RATE_LIMIT: HeaderName[] = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

const headerRefs = (names: HeaderName[]) =>
  Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }]));

export const json = (schema: z.ZodType) => ({ "application/json": { schema } });
export const jsonBody = (schema: z.ZodType) => ({ required: true, content: json(schema) });

export const response = (description: string, schema?: z.ZodType, headers: HeaderName[] = []): ResponseConfig => ({
  description,
  ...(schema ? { content: json(schema) } : {}),
  ...(headers.length ? { headers: headerRefs(headers) } : {}),
});

/** A reference to one of SHARED_RESPONSES. */
export const ref = (name: keyof typeof SHARED_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .meta({ id });

export const SHARED_RESPONSES = {
  BadRequest: response(
    "`invalid_request`: bad input (with `details` per field). A token in the query string, two Authorization headers or a malformed one get the RFC 6750 answer (`BearerError`) instead.",
    ApiErrorBody,
    RATE_LIMIT,
  ),
  Unauthorized: response(
    'No token (`WWW-Authenticate: Bearer realm="workflux"`), or an invalid, expired, forged or revoked one (`error="invalid_token"`).',
    BearerErrorBody,
    ["WWW-Authenticate"],
  ),
  Forbidden: response(
    '`insufficient_scope`: the token lacks the route\'s scope (`WWW-Authenticate: … error="insufficient_scope", scope="…"`).',
    BearerErrorBody,
    ["WWW-Authenticate"],
  ),
  NotFound: response(
    "`not_found`: no such resource in the key's organization and environment (another organization's id, or a malformed one).",
    ApiErrorBody,
    RATE_LIMIT,
  ),
  PayloadTooLarge: response("`payload_too_large`: the body is over 16 KiB.", ApiErrorBody, RATE_LIMIT),
  UnsupportedMediaType: response(
    "`unsupported_media_type`: the body is not `application/json`.",
    ApiErrorBody,
    RATE_LIMIT,
  ),
  TooManyRequests: response("`rate_limited`: the organization's plan limit is reached.", ApiErrorBody, [
    "Retry-After",
    ...RATE_LIMIT,
  ]),
  ServiceUnavailable: response(
    "`temporarily_unavailable`: the key's state could not be read (fail closed).",
    ApiErrorBody,
    ["Retry-After"],
  ),
  OAuthBadRequest: response(
    "RFC 6749 §5.2: `invalid_request` (malformed body, wrong content type, duplicate parameters, non-string JSON values, query-string parameters, body over 16 KiB), `unsupported_grant_type` or `invalid_scope`.",
    OAuthErrorBody,
    ["Cache-Control", "Pragma"],
  ),
  OAuthUnauthorized: response(
    "RFC 6749 §5.2 `invalid_client`: one identical answer for an unknown Client ID and a wrong, revoked, expired or rotated-out secret. `WWW-Authenticate: Basic` only when Basic was used.",
    OAuthErrorBody,
    ["WWW-Authenticate", "Cache-Control", "Pragma"],
  ),
  OAuthTooManyRequests: response(
    "`rate_limited`: the plan's token issuance limit, or the failed-authentication throttle of the Client ID or source IP.",
    OAuthErrorBody,
    ["Retry-After", ...RATE_LIMIT, "Cache-Control", "Pragma"],
  ),
  OAuthServiceUnavailable: response(
    "`temporarily_unavailable`: storage is down; never a token without a completed key check.",
    OAuthErrorBody,
    ["Retry-After", "Cache-Control", "Pragma"],
  ),
} satisfies Record<string, ResponseConfig>;
