// Server action requests (a POST with a `Next-Action` header, or a form posted to a page without
// JavaScript) that Next.js would refuse with a 500 and a multi-line stack are refused here first, each with its 4xx and one log line (SA-04): a
// cross-site or malformed Origin, a body over Next's 1 MB limit, and a body whose length is not
// declared (browsers always declare it, so only a script sends one chunked).
import type { IncomingMessage } from "node:http";
import { AppError } from "../errors";

/** Next.js's default `serverActions.bodySizeLimit`. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;
const MAX_ORIGIN_LENGTH = 2048;

const CROSS_SITE = new AppError("forbidden", "Cross-site server action requests are refused.", {
  detail: "cross_site_origin",
});
const ORIGIN_TOO_LONG = new AppError("invalid_request", "The Origin header is too long.", {
  detail: "origin_too_long",
});
const BODY_TOO_LARGE = new AppError("payload_too_large", "The request body is too large.", {
  detail: "body_over_limit",
});
const LENGTH_REQUIRED = new AppError("invalid_request", "Send the request body with a Content-Length.", {
  detail: "no_content_length",
});

/** `isPage`: the path is a dashboard page (outage-page.ts), where a POST can only be an action. */
export const isServerActionRequest = (req: IncomingMessage, isPage: boolean): boolean =>
  req.method === "POST" && (isPage || req.headers["next-action"] !== undefined);

/** The refusal for a server action request Next.js would answer 500, or null to let Next answer. */
export function refuseServerAction(req: IncomingMessage): AppError | null {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (origin.length > MAX_ORIGIN_LENGTH) return ORIGIN_TOO_LONG;
    // Next compares the Origin's host with the forwarded host (server.ts keeps it only from a
    // trusted proxy) or the Host header; "null" (a sandboxed or file origin) is cross-site.
    const host = req.headers["x-forwarded-host"] ?? req.headers.host;
    if (origin === "null" || !URL.canParse(origin) || new URL(origin).host !== host) return CROSS_SITE;
  }
  const declared = req.headers["content-length"];
  if (declared === undefined) return req.headers["transfer-encoding"] ? LENGTH_REQUIRED : null;
  return Number(declared) > SERVER_ACTION_BODY_LIMIT ? BODY_TOO_LARGE : null;
}
