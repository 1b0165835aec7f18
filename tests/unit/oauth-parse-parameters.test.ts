import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/http/request-parts";
import { MAX_PARAMETER_LENGTH, parseBodyParameters, parseContentType } from "@/lib/oauth/parse-parameters";

const enc = new TextEncoder();
const form = (text: string, contentType: string | null = "application/x-www-form-urlencoded") => ({
  contentType,
  body: enc.encode(text),
  bodyTooLarge: false,
});
const json = (text: string) => form(text, "application/json");

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return `${error.code}:${error.detail}`;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("content types (TE-02)", () => {
  it("accepts form and JSON, case-insensitively, with a UTF-8 charset", () => {
    expect(parseContentType("application/x-www-form-urlencoded")).toBe("form");
    expect(parseContentType("Application/X-WWW-Form-Urlencoded; charset=UTF-8")).toBe("form");
    expect(parseContentType("application/json;charset=utf-8")).toBe("json");
    expect(parseContentType('application/json; charset="utf-8"')).toBe("json");
  });

  it.each([
    null,
    "",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/json; charset=latin1",
    "application/jsonx",
    "application/xml",
  ])("refuses %s with invalid_request", (contentType) => {
    expect(reasonOf(() => parseBodyParameters(form("grant_type=client_credentials", contentType)))).toBe(
      "invalid_request:unsupported_content_type",
    );
  });
});

describe("form bodies", () => {
  it("decodes + as space and percent escapes, including non-ASCII", () => {
    const params = parseBodyParameters(form("scope=read%3Aagents+write%3Aagents&name=%C3%A9t%C3%A9&plus=%2B"));
    expect(params.get("scope")).toBe("read:agents write:agents");
    expect(params.get("name")).toBe("été");
    expect(params.get("plus")).toBe("+");
  });

  it("treats an empty parameter as absent", () => {
    const params = parseBodyParameters(form("grant_type=client_credentials&scope=&client_id"));
    expect(params.has("scope")).toBe(false);
    expect(params.has("client_id")).toBe(false);
  });

  it("refuses a repeated parameter, even when one copy is empty (TE-04)", () => {
    expect(reasonOf(() => parseBodyParameters(form("scope=a&scope=b")))).toBe("invalid_request:duplicate_parameter");
    expect(reasonOf(() => parseBodyParameters(form("scope=&scope=b")))).toBe("invalid_request:duplicate_parameter");
    expect(reasonOf(() => parseBodyParameters(form("sc%6Fpe=a&scope=b")))).toBe("invalid_request:duplicate_parameter");
  });

  it("refuses malformed percent escapes and invalid UTF-8 without throwing anything else", () => {
    expect(reasonOf(() => parseBodyParameters(form("scope=%E0%A4%A")))).toBe("invalid_request:malformed_body");
    expect(reasonOf(() => parseBodyParameters(form("scope=%FF")))).toBe("invalid_request:malformed_body");
    expect(
      reasonOf(() =>
        parseBodyParameters({
          contentType: "application/x-www-form-urlencoded",
          body: new Uint8Array([0x61, 0x3d, 0xff]),
          bodyTooLarge: false,
        }),
      ),
    ).toBe("invalid_request:malformed_body");
  });

  it("refuses an over-long parameter before anything hashes it (TE-14)", () => {
    expect(reasonOf(() => parseBodyParameters(form(`client_secret=${"a".repeat(4097)}`)))).toBe(
      "invalid_request:parameter_too_long",
    );
  });

  it("refuses a body over the cap, and parses one of exactly the cap", () => {
    expect(reasonOf(() => parseBodyParameters({ ...form(""), bodyTooLarge: true }))).toBe(
      "invalid_request:body_too_large",
    );
    // The readers (node-adapter.test.ts) set bodyTooLarge past MAX_BODY_BYTES; a body of exactly
    // that size, every parameter within its own cap, is read in full.
    let text = "grant_type=client_credentials";
    const expected = new Map([["grant_type", "client_credentials"]]);
    for (let i = 0; text.length < MAX_BODY_BYTES; i++) {
      const prefix = `&p${i}=`;
      const value = "a".repeat(Math.min(MAX_PARAMETER_LENGTH, MAX_BODY_BYTES - text.length - prefix.length));
      text += prefix + value;
      if (value) expected.set(`p${i}`, value);
    }
    expect(enc.encode(text).byteLength).toBe(MAX_BODY_BYTES);
    expect(parseBodyParameters(form(text))).toEqual(expected);
  });
});

describe("JSON bodies (the guide's request)", () => {
  it("reads a flat object of strings, with escapes and unicode", () => {
    const params = parseBodyParameters(
      json(' { "client_id" : "wfc_x", "grant_type":"client_credentials", "note":"\\u00e9\\n" } '),
    );
    expect(Object.fromEntries(params)).toEqual({ client_id: "wfc_x", grant_type: "client_credentials", note: "é\n" });
    expect(parseBodyParameters(json("{}")).size).toBe(0);
  });

  it.each([
    ['{"grant_type":["client_credentials"]}', "non_string_value"],
    ['{"grant_type":1}', "non_string_value"],
    ['{"grant_type":null}', "non_string_value"],
    ['{"grant_type":true}', "non_string_value"],
    ['{"grant_type":{"a":"b"}}', "non_string_value"],
    ['["client_credentials"]', "malformed_body"],
    ['"client_credentials"', "malformed_body"],
    ["null", "malformed_body"],
    ["", "malformed_body"],
    ["{", "malformed_body"],
    ['{"a":"b",}', "malformed_body"],
    ['{"a":"b"} {}', "malformed_body"],
    ['{"a":"b\\x"}', "malformed_body"],
    ['{"a":"unterminated}', "malformed_body"],
    ['{a:"b"}', "malformed_body"],
    ['\uFEFF{"a":"b"}', "malformed_body"],
  ])("refuses %s with invalid_request", (text, reason) => {
    expect(reasonOf(() => parseBodyParameters(json(text)))).toBe(`invalid_request:${reason}`);
  });

  it("refuses duplicate keys, which JSON.parse would silently merge (TE-04)", () => {
    expect(reasonOf(() => parseBodyParameters(json('{"client_id":"a","client_id":"b"}')))).toBe(
      "invalid_request:duplicate_parameter",
    );
    expect(reasonOf(() => parseBodyParameters(json('{"client_id":"a","client\\u005fid":"b"}')))).toBe(
      "invalid_request:duplicate_parameter",
    );
  });

  it("survives deeply nested input without recursion", () => {
    const deep = `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    expect(reasonOf(() => parseBodyParameters(json(deep)))).toBe("invalid_request:non_string_value");
  });
});
