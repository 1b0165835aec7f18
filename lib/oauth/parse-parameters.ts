// Request bodies of the OAuth endpoints: `application/x-www-form-urlencoded` (RFC 6749) or
// `application/json` (the public guide). Both become one flat map of string parameters with the
// same rules (TE-02, TE-04, TE-14): a repeated parameter is an error, an empty one counts
// as absent, unknown ones are ignored by the caller, JSON must be one object of string values with
// no duplicate keys, and nothing here ever throws on malformed input.
import type { RequestParts } from "../http/request-parts";
import { invalidRequest, oauthError } from "./oauth-error";

export type Parameters = Map<string, string>;

/** No OAuth parameter we read (an access token is the longest) is longer; longer ones are refused before any work. */
export const MAX_PARAMETER_LENGTH = 4096;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

type MediaType = "form" | "json";

/** The media type, ignoring parameters other than a UTF-8 `charset` (RFC 9110 §8.3.1). */
export function parseContentType(header: string | null): MediaType | null {
  if (!header) return null;
  const [type = "", ...params] = header.split(";");
  const mediaType = type.trim().toLowerCase();
  for (const param of params) {
    const [name = "", value = ""] = param.split("=");
    if (name.trim().toLowerCase() !== "charset") continue;
    if (value.trim().replace(/^"|"$/g, "").toLowerCase() !== "utf-8") return null;
  }
  if (mediaType === "application/x-www-form-urlencoded") return "form";
  if (mediaType === "application/json") return "json";
  return null;
}

/** Decodes one form-urlencoded component (`+` is a space); null when the escapes are malformed. */
export function formDecode(component: string): string | null {
  try {
    return decodeURIComponent(component.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function parseForm(text: string): Parameters {
  const params = new ParameterCollector();
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = formDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = formDecode(eq === -1 ? "" : pair.slice(eq + 1));
    if (name === null || value === null) throw invalidRequest("The request body is malformed.", "malformed_body");
    params.add(name, value);
  }
  return params.params;
}

/** Collects parameters; a name seen twice is refused even when one copy is empty (RFC 6749 §3.2). */
class ParameterCollector {
  readonly params: Parameters = new Map();
  private readonly seen = new Set<string>();

  add(name: string, value: string): void {
    if (this.seen.has(name)) throw invalidRequest("A request parameter is repeated.", "duplicate_parameter");
    this.seen.add(name);
    // An empty parameter counts as absent (TE-04).
    if (value !== "") this.params.set(name, value);
  }
}

const isWhitespace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

/**
 * A strict parser for one flat JSON object of string values. JSON.parse would silently keep the
 * last of two equal keys, so the object is scanned here and only each string literal is handed to
 * JSON.parse (which validates its escapes). Depth is one by construction.
 */
function parseJsonObject(text: string): Parameters {
  const malformed = () => invalidRequest("The request body is not a JSON object.", "malformed_body");
  const params = new ParameterCollector();
  let i = 0;
  const skip = () => {
    while (isWhitespace(text[i])) i++;
  };
  const readString = (): string => {
    if (text[i] !== '"') throw malformed();
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) throw malformed();
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw malformed();
    }
  };
  skip();
  if (text[i] !== "{") throw malformed();
  i++;
  skip();
  if (text[i] === "}") {
    i++;
  } else {
    for (;;) {
      skip();
      const name = readString();
      skip();
      if (text[i] !== ":") throw malformed();
      i++;
      skip();
      if (text[i] !== '"') {
        // A number, array, object, boolean or null: not an OAuth parameter value (TE-02).
        throw invalidRequest("Every parameter value must be a string.", "non_string_value");
      }
      params.add(name, readString());
      skip();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        break;
      }
      throw malformed();
    }
  }
  skip();
  if (i !== text.length) throw malformed();
  return params.params;
}

/** The body's parameters, or an `invalid_request` AppError for anything malformed. */
export function parseBodyParameters(request: Pick<RequestParts, "contentType" | "body" | "bodyTooLarge">): Parameters {
  if (request.bodyTooLarge) throw oauthError("invalid_request", "The request body is too large.", "body_too_large");
  const mediaType = parseContentType(request.contentType);
  if (!mediaType) {
    throw invalidRequest(
      "Content-Type must be application/x-www-form-urlencoded or application/json.",
      "unsupported_content_type",
    );
  }
  let text: string;
  try {
    text = utf8.decode(request.body);
  } catch {
    throw invalidRequest("The request body is not valid UTF-8.", "malformed_body");
  }
  const params = mediaType === "form" ? parseForm(text) : parseJsonObject(text);
  for (const value of params.values()) {
    if (value.length > MAX_PARAMETER_LENGTH)
      throw invalidRequest("A request parameter is too long.", "parameter_too_long");
  }
  return params;
}
