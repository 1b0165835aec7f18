// The single sign-on providers (SO-01, SO-02): next-auth 4's own GitHub and Google providers and a
// generic OpenID Connect entry discovered from OIDC_ISSUER, each only when its variables are set.
// next-auth does the redirects, state, PKCE, nonce and id-token checks; what is ours is reading
// from each provider's answer whether it vouches for the email address (SO-03).
import "server-only";
import type { Account, Profile } from "next-auth";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Env } from "../env";
import type { IdpAssertion, SsoProvider } from "../identities/sign-in-with-identity";

export type SsoButton = { id: SsoProvider; name: string };

type RawProfile = Record<string, unknown>;

const GITHUB_EMAILS_URL = "https://api.github.com/user/emails";

/** The providers the sign-in page offers, in a fixed order (SO-01). */
export function configuredSsoProviders(env: Env): SsoButton[] {
  const buttons: SsoButton[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) buttons.push({ id: "github", name: "GitHub" });
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) buttons.push({ id: "google", name: "Google" });
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)
    buttons.push({ id: "oidc", name: env.OIDC_DISPLAY_NAME });
  return buttons;
}

/** A provider's display name, for Settings > Account (an identity of a provider since removed keeps its id). */
export function ssoProviderName(env: Env, provider: string): string {
  if (provider === "github") return "GitHub";
  if (provider === "google") return "Google";
  if (provider === "oidc") return env.OIDC_DISPLAY_NAME;
  return provider;
}

export function ssoProviders(env: Env): OAuthConfig<RawProfile>[] {
  const providers: OAuthConfig<RawProfile>[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(
      GitHubProvider({
        clientId: env.GITHUB_ID,
        clientSecret: env.GITHUB_SECRET,
        // GitHub's /user carries only the public address, and says nothing of verification; the
        // account's verified primary address comes from /user/emails (the user:email scope).
        userinfo: {
          url: "https://api.github.com/user",
          async request({ client, tokens }) {
            const profile = (await client.userinfo(tokens.access_token ?? "")) as RawProfile;
            const response = await fetch(GITHUB_EMAILS_URL, {
              headers: {
                Authorization: `Bearer ${tokens.access_token}`,
                Accept: "application/vnd.github+json",
                "User-Agent": "WorkFlux",
              },
            });
            const emails: unknown = response.ok ? await response.json() : [];
            const primary = Array.isArray(emails)
              ? (emails as Array<{ email?: unknown; primary?: unknown; verified?: unknown }>).find(
                  (e) => e.primary === true && e.verified === true && typeof e.email === "string",
                )
              : undefined;
            return { ...profile, email: primary?.email ?? null, email_verified: primary !== undefined } as never;
          },
        },
      }) as unknown as OAuthConfig<RawProfile>,
    );
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(
      GoogleProvider({
        clientId: env.GOOGLE_CLIENT_ID,
        clientSecret: env.GOOGLE_CLIENT_SECRET,
      }) as unknown as OAuthConfig<RawProfile>,
    );
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: env.OIDC_DISPLAY_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      // The id token (verified by next-auth) is the source; IdPs that put email claims only in
      // UserInfo (OpenID Connect Core §5.4) are asked there, with the same subject required (§5.3.2).
      userinfo: {
        async request({ client, tokens }) {
          const claims = (tokens as unknown as { claims(): RawProfile }).claims();
          if (typeof claims.email === "string" || !tokens.access_token) return claims as never;
          const info = (await client.userinfo(tokens.access_token)) as RawProfile;
          return (info.sub === claims.sub ? { ...info, ...claims } : claims) as never;
        },
      },
      profile(profile) {
        const name = [profile.name, profile.preferred_username].find((v) => typeof v === "string") as
          string | undefined;
        return {
          id: String(profile.sub),
          name: name ?? null,
          email: typeof profile.email === "string" ? profile.email : null,
        };
      },
    });
  }
  return providers;
}

/** What the provider asserted, for the sign-in rules: only an explicit `true` counts as verified (SO-03). */
export function toAssertion(account: Account, profile: Profile | undefined): IdpAssertion {
  const raw = (profile ?? {}) as RawProfile;
  const provider = account.provider as SsoProvider;
  const email = typeof raw.email === "string" && raw.email.length > 0 ? raw.email : null;
  const name = [raw.name, raw.login, raw.preferred_username].find((v) => typeof v === "string") as string | undefined;
  return {
    provider,
    subject: account.providerAccountId,
    email,
    emailVerified: raw.email_verified === true,
    name: name ?? null,
  };
}
