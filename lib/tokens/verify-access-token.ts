// Verifying our own access tokens (PA-02, PA-03): jose with an algorithm allow-list of
// exactly ES256, `typ` at+jwt, exact issuer and audience, 30 s leeway, required claims; keys come
// only from our own key table, looked up by `kid` as an opaque string (jku/x5u/jwk/x5c ignored),
// so an unknown kid fails without any fetch; jose refuses unknown `crit` and JWE.
import { errors, jwtVerify, type JWTHeaderParameters } from "jose";
import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { CLOCK_LEEWAY_SECONDS } from "../signing-keys/signing-key-repo";
import type { AccessTokenClaims } from "./access-token";

const Claims = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  iat: z.number().int(),
  jti: z.string().min(16).max(64),
  client_id: z.string(),
  scope: z.string(),
  org_id: z.string(),
  environment: z.enum(["production", "staging", "development"]),
});

export type VerifiedAccessToken = Omit<AccessTokenClaims, "aud"> & { aud: string | string[] };

export const MAX_ACCESS_TOKEN_LENGTH = 4096;

/**
 * The verified claims, or null for anything that is not a valid, unexpired token of ours.
 * Errors other than verification failures (e.g. key storage down) propagate.
 */
export async function verifyAccessToken(
  token: string,
  options: {
    issuer: string;
    audience: string;
    verificationKey: (kid: string) => Promise<KeyObject | undefined>;
    now?: Date;
  },
): Promise<VerifiedAccessToken | null> {
  if (token.length > MAX_ACCESS_TOKEN_LENGTH || token.split(".").length !== 3) return null;
  try {
    const { payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        const key = typeof header.kid === "string" ? await options.verificationKey(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: ["ES256"],
        typ: "at+jwt",
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: CLOCK_LEEWAY_SECONDS,
        requiredClaims: ["iss", "sub", "aud", "exp", "iat", "jti"],
        currentDate: options.now,
      },
    );
    const claims = Claims.safeParse(payload);
    return claims.success ? claims.data : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
