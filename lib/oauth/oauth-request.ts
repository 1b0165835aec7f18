// The parts of an HTTP request the OAuth endpoints look at. The route handlers and server.ts's
// fast path both build this; everything after it is pure and unit-testable.
export type OAuthRequest = {
  method: string;
  /** The raw query string without `?` ("" when absent): parameters there are refused, never read. */
  query: string;
  contentType: string | null;
  /** null: no header. More than one Authorization header is reported as `authorizationCount > 1`. */
  authorization: string | null;
  authorizationCount?: number;
  /** The body, already capped at MAX_BODY_BYTES; `bodyTooLarge` when the cap was hit. */
  body: Uint8Array;
  bodyTooLarge?: boolean;
  clientIp: string;
  userAgent?: string | null;
};

/** SECURITY TE-14: the body is read no further than this, before any parsing or hashing. */
export const MAX_BODY_BYTES = 16 * 1024;
