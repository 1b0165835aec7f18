// next-auth 4: JWT sessions and no adapter (SA-09). The JWT only names the user and the
// session version; lib/auth/session.ts re-checks both against the database on every request.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { isTransientDatabaseError } from "../db/pg-error";
import { unavailable } from "../errors";
import { getEnv, getRuntime } from "../runtime/current";
import { clientIpFrom } from "../http/client-ip";
import { authenticateWithPassword } from "../users/authenticate-with-password";
import { endAllSessions } from "../users/end-all-sessions";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** The sign-in error code for "could not check the password right now" (a database outage). */
export const SIGN_IN_UNAVAILABLE = "unavailable";

type HeaderBag = Record<string, string | string[] | undefined> | undefined;
const header = (headers: HeaderBag, name: string) => {
  const value = headers?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
};

export function authOptions(): NextAuthOptions {
  return {
    secret: getEnv().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          let result: Awaited<ReturnType<typeof authenticateWithPassword>>;
          try {
            result = await authenticateWithPassword(getDb(), credentials, {
              ip: clientIpFrom({ get: (name) => header(req.headers as HeaderBag, name) }),
              userAgent: header(req.headers as HeaderBag, "user-agent"),
            });
          } catch (error) {
            // The cause (a database address, a driver message) is for the log only; the form gets
            // a code, and the route answers it 503 (app/api/auth/[...nextauth]/route.ts).
            const runtime = getRuntime();
            if (isTransientDatabaseError(error)) runtime.outages.failed(unavailable("user storage", error));
            else runtime.log.error({ err: error }, "sign-in failed");
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
          if (result.ok)
            return {
              id: result.user.id,
              email: result.user.email,
              name: result.user.name,
              sv: result.user.sessionVersion,
            };
          // next-auth turns a thrown error's message into the `error` the sign-in form receives.
          if (result.reason === "rate_limited") throw new Error("rate_limited");
          return null;
        },
      }),
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
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sv?: number }).sv ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.uid as string }, sv: token.sv as number };
      },
    },
    events: {
      // A JWT cannot be recalled, so signing out bumps the session version: this session (and the
      // user's others) are refused by the server from now on, not merely forgotten by the browser.
      async signOut({ token }) {
        if (typeof token?.uid === "string") await endAllSessions(getDb(), token.uid);
      },
    },
  };
}
