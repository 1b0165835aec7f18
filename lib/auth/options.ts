// next-auth 4: JWT sessions and no adapter (SA-09). A sign-in starts a session row and the JWT
// names only that row; lib/auth/session.ts checks the row on every request (SS-01), and signing
// out ends that row alone.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { isTransientDatabaseError } from "../db/pg-error";
import { unavailable } from "../errors";
import { getEnv, getRuntime } from "../runtime/current";
import { clientIpFrom } from "../http/client-ip";
import { authenticateWithPassword } from "../users/authenticate-with-password";
import { sessionPolicy } from "../env";
import { endSession, markSecondFactorPending, startPasswordSession } from "../sessions/session-store";
import { hasSecondFactor } from "../two-factor/two-factor";
import { signInWithIdentity } from "../identities/sign-in-with-identity";
import { currentRequestInfo } from "../http/request-info";
import { ssoProviders, toAssertion } from "./sso-providers";
/** Where a refused single sign-on ends (SO-04): a page of ours that says why. */
export const SSO_REFUSED_PATH = "/sign-in/sso-error";

/** The sign-in error code for "could not check the password right now" (a database outage). */
export const SIGN_IN_UNAVAILABLE = "unavailable";

type HeaderBag = Record<string, string | string[] | undefined> | undefined;
const header = (headers: HeaderBag, name: string) => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
};

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.authSecret,
    // The cookie lives as long as a session may; the row decides whether it still does.
    session: { strategy: "jwt", maxAge: Math.ceil(sessionPolicy(env).maxAgeMs / 1000) },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
        async authorize(credentials, req) {
          let result: Awaited<ReturnType<typeof authenticateWithPassword>>;
          let sid = "";
          const meta = {
            ip: clientIpFrom({ get: (name) => header(req.headers as HeaderBag, name) }),
            userAgent: header(req.headers as HeaderBag, "user-agent"),
          };
          try {
            result = await authenticateWithPassword(getDb(), credentials, meta);
            if (result.ok) {
              const now = getRuntime().clock.now();
              sid = (await startPasswordSession(getDb(), result.user.id, result.verifiedHash, meta, now)) ?? "";
            }
          } catch (error) {
            // The cause (a database address, a driver message) is for the log only; the form gets
            // a code, and the route answers it 503 (app/api/auth/[...nextauth]/route.ts).
            const runtime = getRuntime();
            if (isTransientDatabaseError(error)) runtime.outages.failed(unavailable("user storage", error));
            else runtime.log.error({ err: error }, "sign-in failed");
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
          // No session when the password changed between its check and now: the sign-in fails.
          if (result.ok) return sid ? { id: result.user.id, sid } : null;
          // next-auth turns a thrown error's message into the `error` the sign-in form receives.
          if (result.reason === "rate_limited") throw new Error("rate_limited");
          // The password was right and the account has two-factor on: the form asks for the code.
          if (result.reason === "second_factor_required" || result.reason === "invalid_second_factor")
            throw new Error(result.reason);
          return null;
        },
      }),
      // GitHub, Google and generic OIDC, each only when configured (SO-01, SO-02).
      ...ssoProviders(env),
    ],
    // next-auth prints its errors with stacks to the console; here they become one line each. A
    // session cookie that does not decrypt (forged, or sealed with an older secret) is the
    // client's doing: a warning, and the request goes on signed out.
    logger: {
      error(code, metadata) {
        const log = getRuntime().log;
        const reason = metadata instanceof Error ? metadata.message : (metadata as { message?: string })?.message;
        if (code === "JWT_SESSION_ERROR") log.warn({ code, reason }, "session cookie refused");
        else log.error({ code, reason }, "sign-in library error");
      },
      warn(code) {
        getRuntime().log.warn({ code }, "sign-in library warning");
      },
      debug() {},
    },
    callbacks: {
      // Single sign-on's rules (SO-03..SO-05): the provider's answer is checked by next-auth; here it
      // signs in a known identity, links a verified address or creates an account (invitation or
      // open sign-up), or is refused with our own page. The session row starts here and its id rides
      // on `user` into the jwt callback below, as the credentials provider's does.
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        let result: Awaited<ReturnType<typeof signInWithIdentity>>;
        try {
          result = await signInWithIdentity(toAssertion(account, profile), {
            db: getDb(),
            now: getRuntime().clock.now(),
            request: await currentRequestInfo(),
            allowSignup: env.ALLOW_SIGNUP,
          });
        } catch (error) {
          const runtime = getRuntime();
          if (isTransientDatabaseError(error)) runtime.outages.failed(unavailable("user storage", error));
          else runtime.log.error({ err: error, provider: account.provider }, "single sign-on failed");
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
        if (!result.ok) return `${SSO_REFUSED_PATH}?reason=${result.reason}`;
        // With two-factor on, the provider's word is the first factor only (TF-06).
        if (await hasSecondFactor(getDb(), result.userId)) await markSecondFactorPending(getDb(), result.sessionId);
        (user as { sid?: string }).sid = result.sessionId;
        return true;
      },
      // The token carries the session's id and nothing else (no name or email to leak or go stale).
      jwt({ token, user }) {
        if (user) return { sid: (user as { sid?: string }).sid };
        return token;
      },
      session({ session, token }) {
        return { expires: session.expires, sid: token.sid } as never;
      },
    },
    events: {
      // Signing out ends this session's row: the server refuses the cookie from now on, even if
      // the browser kept a copy. The user's other sessions stay.
      async signOut({ token }) {
        const sid = token?.sid;
        if (typeof sid !== "string") return;
        const row = await getDb().session.findUnique({ where: { id: sid }, select: { userId: true } });
        if (row) await endSession(getDb(), row.userId, sid, "sign_out", getRuntime().clock.now());
      },
    },
  };
}
