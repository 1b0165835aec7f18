// Tokens that carry a valid signature but claims their key record contradicts: a subject other
// than the client, another organization or environment, an issue time in the future. Only a holder
// of a signing key could mint them, but the API and introspection refuse them alike.
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/v1/[...path]/route";
import type { AccessTokenClaims } from "@/lib/tokens/access-token";
import { signAccessToken } from "@/lib/tokens/access-token";
import { createKey, issueToken, postForm, TEST_BASE_URL, type TestKey } from "../helpers/api-keys";
import { createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

const DAY_SECONDS = 86_400;

const agents = (token: string) =>
  GET(new Request(`${TEST_BASE_URL}/v1/agents`, { headers: { authorization: `Bearer ${token}` } }));

async function introspect(admin: TestKey, token: string) {
  const res = await postForm(POST, "/v1/auth/introspect", {
    token,
    client_id: admin.clientId,
    client_secret: admin.clientSecret,
  });
  return (await res.json()) as { active: boolean };
}

/** The genuine token's claims with `changes`, signed with the server's own active signing key. */
async function resigned(token: string, changes: Partial<AccessTokenClaims>): Promise<string> {
  const claims = { ...(decodeJwt(token) as AccessTokenClaims), ...changes };
  return signAccessToken(claims, await testRuntime().signingKeys.signer());
}

describe("claims that disagree with the key record", () => {
  it("are refused by the API and inactive in introspection; the genuine token passes both", async () => {
    const [org, other] = [await createOrg(), await createOrg()];
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    const admin = await createKey(org.id, { scopes: ["admin"] });
    const stranger = await createKey(other.id, { scopes: ["read:agents"] });
    const token = await issueToken(key);
    const now = Math.floor(Date.now() / 1000);

    expect((await agents(token)).status).toBe(200);
    expect((await introspect(admin, token)).active).toBe(true);

    const forgeries = {
      "sub of another client": await resigned(token, { sub: stranger.clientId }),
      "another organization": await resigned(token, { org_id: other.id }),
      "another environment": await resigned(token, { environment: "development" }),
      "issued a day ahead": await resigned(token, { iat: now + DAY_SECONDS, exp: now + DAY_SECONDS + 3600 }),
    };
    for (const [what, forged] of Object.entries(forgeries)) {
      const res = await agents(forged);
      expect(res.status, what).toBe(401);
      expect(res.headers.get("www-authenticate"), what).toContain('error="invalid_token"');
      expect((await introspect(admin, forged)).active, what).toBe(false);
    }
    // Issued a few seconds ahead (a "rotate now" cut-off or a neighbour's clock): within the leeway.
    expect((await agents(await resigned(token, { iat: now + 5 }))).status).toBe(200);
  });
});
