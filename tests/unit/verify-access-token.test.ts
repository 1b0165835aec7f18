// Our verifier refuses every classic forgery (PA-02, PA-03; RFC 8725).
import { createHmac, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildAccessTokenClaims, signAccessToken } from "@/lib/tokens/access-token";
import { verifyAccessToken } from "@/lib/tokens/verify-access-token";
import { AUDIENCE, fakeSigningKey, ISSUER, makeKey } from "../helpers/oauth-fakes";

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

function setup() {
  const signing = fakeSigningKey("kid-1");
  const { record } = makeKey();
  const now = new Date();
  const claims = buildAccessTokenClaims({
    issuer: ISSUER,
    audience: AUDIENCE,
    key: record,
    scopes: ["read:agents"],
    now,
  });
  const token = signAccessToken(claims, signing.signer);
  const verify = (t: string, at = now) =>
    verifyAccessToken(t, {
      issuer: ISSUER,
      audience: AUDIENCE,
      verificationKey: async (kid) => (kid === "kid-1" ? signing.publicKey : undefined),
      now: at,
    });
  return { signing, claims, token, verify, now };
}

describe("verifyAccessToken", () => {
  it("accepts our own token and returns its claims", async () => {
    const { token, verify, claims } = setup();
    expect(await verify(token)).toEqual(claims);
  });

  it("refuses an edited payload", async () => {
    const { token, verify, claims } = setup();
    const [h, , s] = token.split(".");
    expect(await verify(`${h}.${b64({ ...claims, scope: "admin" })}.${s}`)).toBeNull();
  });

  it("refuses alg: none", async () => {
    const { verify, claims } = setup();
    expect(await verify(`${b64({ alg: "none", typ: "at+jwt", kid: "kid-1" })}.${b64(claims)}.`)).toBeNull();
  });

  it("refuses HS256 signed with the public key as the HMAC secret (CVE-2016-10555 class)", async () => {
    const { verify, claims, signing } = setup();
    const pem = signing.publicKey.export({ format: "pem", type: "spki" }).toString();
    const input = `${b64({ alg: "HS256", typ: "at+jwt", kid: "kid-1" })}.${b64(claims)}`;
    for (const secret of [pem, JSON.stringify(signing.publicJwk)]) {
      expect(await verify(`${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`)).toBeNull();
    }
  });

  it("refuses an unknown kid, a missing kid, and a key we never published", async () => {
    const { verify, claims } = setup();
    const stranger = fakeSigningKey("kid-1");
    expect(await verify(signAccessToken(claims, stranger.signer))).toBeNull();
    const other = fakeSigningKey("kid-2");
    expect(await verify(signAccessToken(claims, other.signer))).toBeNull();
    const noKid = { ...other.signer, encodedHeader: b64({ alg: "ES256", typ: "at+jwt" }) };
    expect(await verify(signAccessToken(claims, noKid))).toBeNull();
  });

  it("ignores an embedded jwk / jku header: keys come only from our table", async () => {
    const { verify, claims } = setup();
    const attacker = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = attacker.publicKey.export({ format: "jwk" });
    const signer = {
      kid: "kid-9",
      privateKey: attacker.privateKey,
      encodedHeader: b64({ alg: "ES256", typ: "at+jwt", kid: "kid-9", jwk, jku: "https://attacker.example/jwks" }),
    };
    expect(await verify(signAccessToken(claims, signer))).toBeNull();
  });

  it("refuses a wrong typ, issuer or audience, and an expired token (30 s leeway)", async () => {
    const { verify, claims, signing, now } = setup();
    const jwtTyp = { ...signing.signer, encodedHeader: b64({ alg: "ES256", typ: "JWT", kid: "kid-1" }) };
    expect(await verify(signAccessToken(claims, jwtTyp))).toBeNull();
    expect(await verify(signAccessToken({ ...claims, iss: "https://evil.example" }, signing.signer))).toBeNull();
    expect(await verify(signAccessToken({ ...claims, aud: ISSUER }, signing.signer))).toBeNull();
    const token = signAccessToken(claims, signing.signer);
    expect(await verify(token, new Date((claims.exp + 20) * 1000))).not.toBeNull();
    expect(await verify(token, new Date((claims.exp + 31) * 1000))).toBeNull();
    expect(now).toBeInstanceOf(Date);
  });

  it("refuses an unknown crit header, JWE-shaped input and garbage", async () => {
    const { verify, claims, signing } = setup();
    const crit = {
      ...signing.signer,
      encodedHeader: b64({ alg: "ES256", typ: "at+jwt", kid: "kid-1", crit: ["exp-policy"], "exp-policy": 1 }),
    };
    expect(await verify(signAccessToken(claims, crit))).toBeNull();
    expect(await verify("a.b.c.d.e")).toBeNull();
    expect(await verify("not a token")).toBeNull();
    expect(await verify("")).toBeNull();
    expect(await verify(`${"a".repeat(5000)}.b.c`)).toBeNull();
  });

  it("refuses a token with a zeroed signature (CVE-2022-21449 class)", async () => {
    const { verify, token } = setup();
    const [h, p] = token.split(".");
    expect(await verify(`${h}.${p}.${b64(Buffer.alloc(64).toString("latin1"))}`)).toBeNull();
  });
});
