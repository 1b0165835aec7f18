// What each single sign-on provider's answer says about the email address (SO-01..SO-03): GitHub's
// verified primary address from /user/emails (GitHub itself is faked: the outside world), the
// OIDC id token first and UserInfo only for the same subject, and only an explicit
// `email_verified: true` counting as verified.
import { afterEach, describe, expect, it, vi } from "vitest";
import { configuredSsoProviders, ssoProviders, toAssertion } from "@/lib/auth/sso-providers";
import { parseEnv } from "@/lib/env";

const GITHUB = { GITHUB_ID: "gh-id", GITHUB_SECRET: "gh-secret" };
const OIDC = { OIDC_ISSUER: "https://idp.example.com/realms/acme", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" };

type Request = (context: { client: unknown; tokens: unknown; provider?: unknown }) => Promise<Record<string, unknown>>;
const requestOf = (env: Record<string, string>, id: string) => {
  const provider = ssoProviders(parseEnv(env)).find((p) => p.id === id)!;
  // next-auth merges a provider's options over its defaults; the override is in `options`.
  const options = (provider as unknown as { options?: { userinfo?: { request?: Request } } }).options;
  return (options?.userinfo?.request ?? (provider.userinfo as { request: Request }).request) as Request;
};

afterEach(() => vi.unstubAllGlobals());

describe("configured providers", () => {
  it("offers none without variables, and each configured one in a fixed order", () => {
    expect(configuredSsoProviders(parseEnv({}))).toEqual([]);
    expect(ssoProviders(parseEnv({}))).toEqual([]);
    expect(
      configuredSsoProviders(
        parseEnv({ ...GITHUB, ...OIDC, GOOGLE_CLIENT_ID: "g", GOOGLE_CLIENT_SECRET: "gs", OIDC_DISPLAY_NAME: "Acme" }),
      ),
    ).toEqual([
      { id: "github", name: "GitHub" },
      { id: "google", name: "Google" },
      { id: "oidc", name: "Acme" },
    ]);
  });

  it("discovers the OIDC issuer and checks PKCE, state and nonce on the id token", () => {
    const [oidc] = ssoProviders(parseEnv(OIDC));
    expect(oidc).toMatchObject({
      id: "oidc",
      type: "oauth",
      wellKnown: "https://idp.example.com/realms/acme/.well-known/openid-configuration",
      idToken: true,
      checks: ["pkce", "state", "nonce"],
    });
  });
});

describe("GitHub's address", () => {
  const client = { userinfo: vi.fn(async () => ({ id: 42, login: "ada", email: "public@example.com" })) };
  const emails = (list: unknown, ok = true) =>
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => ({ ok, json: async () => list })),
    );

  it("is the verified primary one from /user/emails", async () => {
    emails([
      { email: "other@example.com", primary: false, verified: true },
      { email: "ada@example.com", primary: true, verified: true },
    ]);
    const profile = await requestOf(GITHUB, "github")({ client, tokens: { access_token: "gho_x" } });
    expect(profile).toMatchObject({ id: 42, email: "ada@example.com", email_verified: true });
    expect(vi.mocked(fetch).mock.calls[0]?.[0]).toBe("https://api.github.com/user/emails");
  });

  it("is none when the primary address is unverified, or the list cannot be read", async () => {
    emails([
      { email: "ada@example.com", primary: true, verified: false },
      { email: "other@example.com", primary: false, verified: true },
    ]);
    expect(await requestOf(GITHUB, "github")({ client, tokens: { access_token: "gho_x" } })).toMatchObject({
      email: null,
      email_verified: false,
    });
    emails({ message: "Bad credentials" }, false);
    expect(await requestOf(GITHUB, "github")({ client, tokens: { access_token: "gho_x" } })).toMatchObject({
      email: null,
      email_verified: false,
    });
  });
});

describe("the OIDC profile", () => {
  const tokens = (claims: Record<string, unknown>) => ({ access_token: "at", claims: () => claims });

  it("is the id token's claims when they carry the address, without asking UserInfo", async () => {
    const client = { userinfo: vi.fn() };
    const claims = { sub: "s1", email: "ada@example.com", email_verified: true };
    expect(await requestOf(OIDC, "oidc")({ client, tokens: tokens(claims) })).toEqual(claims);
    expect(client.userinfo).not.toHaveBeenCalled();
  });

  it("takes UserInfo's address only for the same subject", async () => {
    const same = { userinfo: vi.fn(async () => ({ sub: "s1", email: "ada@example.com", email_verified: true })) };
    expect(await requestOf(OIDC, "oidc")({ client: same, tokens: tokens({ sub: "s1" }) })).toMatchObject({
      sub: "s1",
      email: "ada@example.com",
      email_verified: true,
    });
    const other = { userinfo: vi.fn(async () => ({ sub: "s2", email: "eve@example.com", email_verified: true })) };
    expect(await requestOf(OIDC, "oidc")({ client: other, tokens: tokens({ sub: "s1" }) })).toEqual({ sub: "s1" });
  });
});

describe("the assertion handed to the sign-in rules", () => {
  const account = { provider: "github", providerAccountId: "42", type: "oauth" } as const;
  it("counts only an explicit true as verified", () => {
    for (const value of ["true", 1, undefined, null, false])
      expect(toAssertion(account, { email: "a@example.com", email_verified: value } as never).emailVerified).toBe(
        false,
      );
    expect(toAssertion(account, { email: "a@example.com", email_verified: true, login: "ada" } as never)).toEqual({
      provider: "github",
      subject: "42",
      email: "a@example.com",
      emailVerified: true,
      name: "ada",
    });
  });
});
