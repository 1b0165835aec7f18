// "Rotate immediately" raced against token minting: no token minted with the rotated-out secret is
// accepted once the rotation has committed, whether this instance minted it during the commit or
// another instance minted it from a cache that had not yet heard of the change (up to a second
// after the commit). Tokens minted with the new secret right after the rotation are accepted.
import { describe, expect, it } from "vitest";
import { POST } from "@/app/v1/[...path]/route";
import { loadCredentialRecord } from "@/lib/credentials/credential-cache";
import { rotateCredential } from "@/lib/credentials/rotate-credential";
import { buildAccessTokenClaims } from "@/lib/tokens/access-token";
import { tokenAllowedByCredential } from "@/lib/tokens/token-validity";
import type { VerifiedAccessToken } from "@/lib/tokens/verify-access-token";
import { decodeJwt } from "jose";
import { createKey, postForm, TEST_BASE_URL } from "../helpers/api-keys";
import { createMember, createOrg, freshActor } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

const mint = (clientId: string, clientSecret: string) =>
  postForm(POST, "/v1/auth/token", {
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
  });

describe("rotate immediately, raced against minting", () => {
  it("no token minted with the old secret survives the commit, on this instance or a stale one", async () => {
    const org = await createOrg({ plan: "enterprise" });
    const owner = await createMember(org.id, "owner");
    const key = await createKey(org.id);
    const db = testRuntime().db;
    // What another instance holds in its cache until the change reaches it.
    const stale = (await loadCredentialRecord(db, key.clientId))!;

    const minted: string[] = [];
    const staleClaims: VerifiedAccessToken[] = [];
    let committedAt = Number.POSITIVE_INFINITY;
    const race = (async () => {
      // This instance keeps minting with the old secret while the rotation commits ...
      while (Date.now() < committedAt) {
        const res = await mint(key.clientId, key.clientSecret);
        if (res.status === 200) minted.push(((await res.json()) as { access_token: string }).access_token);
        // A cached mint does no I/O: yield, or the rotation's queries would never get a turn.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const staleInstance = (async () => {
      // ... and a stale instance mints from its old copy until a second after the commit.
      while (Date.now() < committedAt + 1_000) {
        const claims = buildAccessTokenClaims({
          issuer: TEST_BASE_URL,
          audience: `${TEST_BASE_URL}/v1`,
          key: stale,
          scopes: stale.scopes,
          now: new Date(),
        });
        staleClaims.push(claims as VerifiedAccessToken);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    let rotated: Awaited<ReturnType<typeof rotateCredential>>;
    try {
      rotated = await rotateCredential(freshActor(owner.id, org.id, "owner"), {
        orgSlug: org.slug,
        credentialId: key.id,
        grace: "now",
      });
    } finally {
      committedAt = Date.now();
      await Promise.all([race, staleInstance]);
    }

    const fresh = (await loadCredentialRecord(db, key.clientId))!;
    const now = new Date();
    expect(minted.length).toBeGreaterThan(0);
    expect(staleClaims.length).toBeGreaterThan(100);
    const accepted = [...minted.map((t) => decodeJwt(t) as VerifiedAccessToken), ...staleClaims].filter((claims) =>
      tokenAllowedByCredential(claims, fresh, now),
    );
    expect(accepted).toEqual([]);

    // The new secret's first token is good at once.
    const next = await mint(key.clientId, rotated.clientSecret);
    expect(next.status).toBe(200);
    const claims = decodeJwt(((await next.json()) as { access_token: string }).access_token) as VerifiedAccessToken;
    expect(tokenAllowedByCredential(claims, fresh, new Date())).toBe(true);
    expect(claims.exp - claims.iat).toBe(3600);
  });
});
