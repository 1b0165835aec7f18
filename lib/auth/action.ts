// The one wrapper every server action goes through (SECURITY SA-01..SA-03): it requires a live
// session, parses the input with a strict zod schema, resolves `orgSlug` against the caller's own
// membership (not a member → not_found), then runs the use case, which checks the role itself.
// Expected failures are returned, never thrown: production Next.js hides thrown messages.
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, type AppErrorCode } from "../errors";
import { getLogger } from "../log/logger";
import { getActor, getSessionUser, type Actor as SessionActor } from "./session";

export type ActionActor = SessionActor & { userId: string };

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode | "internal"; message: string; fieldErrors?: Record<string, string[]> };

type OrgScopedSchema = z.ZodType<{ orgSlug: string }>;

export type ActorResolver = (orgSlug: string) => Promise<ActionActor | "unauthenticated" | "not_member">;

const resolveFromSession: ActorResolver = async (orgSlug) => {
  if (!(await getSessionUser())) return "unauthenticated";
  const actor = await getActor(orgSlug);
  return actor ? { ...actor, userId: actor.user.id } : "not_member";
};

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export async function runAction<S extends OrgScopedSchema, T>(
  schema: S,
  fn: (input: z.infer<S>, actor: ActionActor) => Promise<T>,
  rawInput: unknown,
  resolveActor: ActorResolver = resolveFromSession,
): Promise<ActionResult<T>> {
  try {
    // Authentication comes before validation so a signed-out caller learns nothing about inputs.
    const orgSlug = typeof (rawInput as { orgSlug?: unknown })?.orgSlug === "string" ? (rawInput as { orgSlug: string }).orgSlug : "";
    const actor = await resolveActor(orgSlug);
    if (actor === "unauthenticated") return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
    if (actor === "not_member") return { ok: false, code: "not_found", message: "Not found." };
    const parsed = schema.safeParse(rawInput);
    if (!parsed.success) {
      return { ok: false, code: "invalid_input", message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    return { ok: true, data: await fn(parsed.data, actor) };
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
    }
    const requestId = randomUUID();
    getLogger().error({ err: error, requestId }, "server action failed");
    return { ok: false, code: "internal", message: `Something went wrong (reference ${requestId}). Try again.` };
  }
}

/** Declares a server action: `export const revokeCredentialAction = action(RevokeCredentialInput, fn)`. */
export function action<S extends OrgScopedSchema, T>(schema: S, fn: (input: z.infer<S>, actor: ActionActor) => Promise<T>) {
  // Next requires every export of a "use server" file to be an async function.
  return async (rawInput: unknown): Promise<ActionResult<T>> => runAction(schema, fn, rawInput);
}
