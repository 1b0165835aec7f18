import { describe, expect, it } from "vitest";
import { parseBasicAuthorization, presentedClient } from "@/lib/oauth/client-credentials";
import { isAppError } from "@/lib/errors";
import { basic } from "../helpers/oauth-fakes";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const params = (entries: Record<string, string> = {}) => new Map(Object.entries(entries));

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return `${error.code}:${error.detail}`;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("HTTP Basic client authentication (RFC 6749 §2.3.1, TE-06)", () => {
  it("splits on the first colon: a secret may contain colons", () => {
    expect(parseBasicAuthorization(`Basic ${b64("client:se:cr:et")}`)).toEqual({
      clientId: "client",
      clientSecret: "se:cr:et",
    });
  });

  it("form-URL-decodes id and secret after splitting, so an encoded colon belongs to the id", () => {
    expect(parseBasicAuthorization(`Basic ${b64("a%3Ab:c%3Ad")}`)).toEqual({ clientId: "a:b", clientSecret: "c:d" });
  });

  it("decodes %, + and non-ASCII as Appendix B says", () => {
    expect(basic("id with space", "p%c+e:é€😀")).toBe(
      `Basic ${b64("id+with+space:p%25c%2Be%3A%C3%A9%E2%82%AC%F0%9F%98%80")}`,
    );
    expect(parseBasicAuthorization(basic("id with space", "p%c+e:é€😀"))).toEqual({
      clientId: "id with space",
      clientSecret: "p%c+e:é€😀",
    });
    expect(parseBasicAuthorization(`Basic ${b64("a+b:%2B+")}`)).toEqual({ clientId: "a b", clientSecret: "+ " });
  });

  it("accepts raw UTF-8 (unencoded) non-ASCII too", () => {
    expect(parseBasicAuthorization(`Basic ${b64("ïd:sécret")}`)).toEqual({ clientId: "ïd", clientSecret: "sécret" });
  });

  it("treats the scheme name case-insensitively (RFC 7235)", () => {
    expect(parseBasicAuthorization(`bAsIc ${b64("a:b")}`)).toEqual({ clientId: "a", clientSecret: "b" });
    expect(parseBasicAuthorization(`BASIC   ${b64("a:b")}`)).toEqual({ clientId: "a", clientSecret: "b" });
  });

  it("returns null for another scheme", () => {
    expect(parseBasicAuthorization("Bearer abc.def.ghi")).toBeNull();
  });

  it.each([
    ["Basic", "empty credentials"],
    ["Basic !!!!", "not base64"],
    [`Basic ${b64("a:b")}x`, "bad length"],
    [`Basic ${b64("no-colon")}`, "no colon"],
    [`Basic ${b64(":secret")}`, "empty id"],
    [`Basic ${b64("a%ZZ:b")}`, "bad escape in id"],
    [`Basic ${b64("a:%E0%A4%A")}`, "bad escape in secret"],
    [`Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString("base64")}`, "invalid UTF-8"],
    ["", "empty header"],
    ["Basic\tabc=", "tab"],
  ])("refuses %j (%s) with invalid_request", (header) => {
    expect(reasonOf(() => parseBasicAuthorization(header))).toBe("invalid_request:malformed_authorization");
  });
});

describe("one authentication method per request (TE-05)", () => {
  const header = `Basic ${b64("wfc_a:secret")}`;

  it("Basic plus a body client_secret is invalid_request", () => {
    expect(reasonOf(() => presentedClient({ authorization: header }, params({ client_secret: "secret" })))).toBe(
      "invalid_request:multiple_auth_methods",
    );
  });

  it("Basic plus a different body client_id is invalid_request", () => {
    expect(reasonOf(() => presentedClient({ authorization: header }, params({ client_id: "wfc_b" })))).toBe(
      "invalid_request:client_id_mismatch",
    );
  });

  it("Basic plus the identical body client_id is accepted", () => {
    expect(presentedClient({ authorization: header }, params({ client_id: "wfc_a" }))).toEqual({
      method: "client_secret_basic",
      clientId: "wfc_a",
      clientSecret: "secret",
    });
  });

  it("two Authorization headers are invalid_request", () => {
    expect(reasonOf(() => presentedClient({ authorization: header, authorizationCount: 2 }, params()))).toBe(
      "invalid_request:malformed_authorization",
    );
  });

  it("a non-Basic Authorization header is invalid_request", () => {
    expect(
      reasonOf(() => presentedClient({ authorization: "Bearer x" }, params({ client_id: "a", client_secret: "b" }))),
    ).toBe("invalid_request:unsupported_authorization_scheme");
  });

  it("body credentials are client_secret_post; a client_id alone is no authentication", () => {
    expect(presentedClient({ authorization: null }, params({ client_id: "a", client_secret: "b" }))).toEqual({
      method: "client_secret_post",
      clientId: "a",
      clientSecret: "b",
    });
    expect(presentedClient({ authorization: null }, params({ client_id: "a" }))).toEqual({
      method: "none",
      clientId: "a",
    });
    expect(presentedClient({ authorization: null }, params({ client_secret: "b" }))).toEqual({
      method: "none",
      clientId: null,
    });
  });
});
