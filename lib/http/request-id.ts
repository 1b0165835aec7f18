// Every request has an id, echoed in X-Request-Id and written in its log line, so a client's
// report ("request 4f1c… failed") finds the line. A caller's own X-Request-Id is kept when it is a
// plain token of at most 128 characters (a proxy's id, a client's trace id); anything else is
// replaced, so a header cannot forge log fields.
import { randomUUID } from "node:crypto";

const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTED.test(value) ? value : randomUUID();
}
