// The one wrapper every server action goes through (SA-01..SA-03): it requires a live
// session, parses the input with a strict zod schema, resolves `orgSlug` against the caller's own
// membership (not a member → not_found), then runs the use case, which checks the role itself.
// Expected failures are returned, never thrown: production Next.js hides thrown messages.
// A refusal (not a member, the role may not, or an id from another organization) is audited as
// `access.denied` with outcome "denied" and logged as a warning (LG-01); the answer stays the same.
// A signed-in user whose address is not confirmed yet (AC-06) is refused by every organization
// action and every action of their own account, except the few that exist for them (resending the
// verification link).
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent, type AuditEventInput } from "../audit/record-audit-event";
import { getDb } from "../db/client";
import { isAppError, type ErrorCode } from "../errors";
import { currentRequestInfo } from "../http/request-info";
import { getLogger } from "../log/logger";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { isOrgSlug } from "../validation/org-slug";
import { getActor, getSessionUser, needsTwoFactorSetup, type SessionActor, type SessionUser } from "./session";

export type ActionActor = SessionActor;

/** What an action passes on to its use case: the runtime's clock and the caller's address. */
export type ActionContext = { now: Date; request: RequestInfo };

const currentContext = async (): Promise<ActionContext> => ({
  now: getRuntime().clock.now(),
  request: await currentRequestInfo(),
});

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | "internal"; message: string; fieldErrors?: Record<string, string[]> };

type OrgScopedSchema = z.ZodType<{ orgSlug: string }>;

/** Signed in but not a member of `orgSlug` (or no such organization): who asked, for the audit log. */
export type NotMember = { kind: "not_member"; userId: string };

export type ActorResolver = (
  orgSlug: string,
) => Promise<ActionActor | "unauthenticated" | "unverified" | "needs_two_factor" | NotMember>;

export const TWO_FACTOR_REQUIRED_MESSAGE =
  "This organization requires two-factor authentication. Set it up under Settings > Account first.";

/** Writes one denial to the audit log; injectable so unit tests need no database. */
export type DenialRecorder = (event: AuditEventInput) => Promise<void>;

export const DENIED_ACTION = "access.denied";

const resolveFromSession: ActorResolver = async (orgSlug) => {
  const user = await getSessionUser();
  if (!user) return "unauthenticated";
  if (!user.emailVerified) return "unverified";
  const actor = await getActor(orgSlug);
  if (actor) return actor;
  // A member the organization's two-factor requirement holds back (TF-05).
  if (await needsTwoFactorSetup(orgSlug)) return "needs_two_factor";
  return { kind: "not_member", userId: user.id };
};

const recordDenialInDb: DenialRecorder = async (event) => {
  const request = await currentRequestInfo();
  await recordAuditEvent(getDb(), { ...event, ip: request.ip, userAgent: request.userAgent });
};

const isNotMember = (value: unknown): value is NotMember => (value as NotMember | undefined)?.kind === "not_member";

/**
 * Audits and logs a refusal. Carries the reason and the slug asked for (when it is one), never the
 * input. A failure to write is logged, and does not change the answer.
 */
async function auditDenial(
  record: DenialRecorder,
  denial: {
    reason: "not_member" | "forbidden" | "other_organization";
    userId: string;
    orgId: string | null;
    orgSlug: string;
    target?: { type: string; id: string };
  },
): Promise<void> {
  const orgSlug = isOrgSlug(denial.orgSlug) ? denial.orgSlug : "invalid";
  const fields = { userId: denial.userId, orgId: denial.orgId, orgSlug, reason: denial.reason };
  getLogger().warn(fields, "server action denied");
  try {
    await record({
      orgId: denial.orgId,
      actorType: "user",
      actorId: denial.userId,
      action: DENIED_ACTION,
      outcome: "denied",
      ...(denial.target ? { targetType: denial.target.type, targetId: denial.target.id } : {}),
      metadata: { reason: denial.reason, orgSlug },
    });
  } catch (error) {
    getLogger().error({ err: error, ...fields }, "recording a denied server action failed");
  }
}

/**
 * Audits a use case's refusal of a member, in the member's organization: a role that may not
 * (forbidden), or an id that belongs to another organization (answered not_found). Other errors
 * are not refusals and leave no row. Pages call it too, for what they answer with a 404.
 */
export async function auditRefusal(
  actor: ActionActor,
  error: unknown,
  record: DenialRecorder = recordDenialInDb,
): Promise<void> {
  if (!isAppError(error)) return;
  const who = { userId: actor.userId, orgId: actor.orgId, orgSlug: actor.orgSlug };
  if (error.code === "forbidden") await auditDenial(record, { reason: "forbidden", ...who });
  else if (error.code === "not_found" && error.foreignTarget)
    await auditDenial(record, { reason: "other_organization", ...who, target: error.foreignTarget });
}

/** The answer to a signed-in user whose address is not confirmed yet (AC-06). */
export const UNVERIFIED_RESULT = {
  ok: false,
  code: "forbidden",
  message: "Confirm your email address first: open the link we mailed you.",
} as const satisfies ActionResult<never>;

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
  fn: (input: z.infer<S>, actor: ActionActor, context: ActionContext) => Promise<T>,
  rawInput: unknown,
  resolveActor: ActorResolver = resolveFromSession,
  recordDenial: DenialRecorder = recordDenialInDb,
  context: () => Promise<ActionContext> = currentContext,
): Promise<ActionResult<T>> {
  // Authentication comes before validation so a signed-out caller learns nothing about inputs.
  const orgSlug =
    typeof (rawInput as { orgSlug?: unknown })?.orgSlug === "string" ? (rawInput as { orgSlug: string }).orgSlug : "";
  let actor: ActionActor | undefined;
  try {
    const resolved = await resolveActor(orgSlug);
    if (resolved === "unauthenticated")
      return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
    if (resolved === "unverified") return UNVERIFIED_RESULT;
    if (resolved === "needs_two_factor") return { ok: false, code: "forbidden", message: TWO_FACTOR_REQUIRED_MESSAGE };
    if (isNotMember(resolved)) {
      await auditDenial(recordDenial, { reason: "not_member", userId: resolved.userId, orgId: null, orgSlug });
      return { ok: false, code: "not_found", message: "Not found." };
    }
    actor = resolved;
    const parsed = schema.safeParse(rawInput);
    if (!parsed.success) {
      return {
        ok: false,
        code: "invalid_request",
        message: "Check the highlighted fields.",
        fieldErrors: fieldErrorsOf(parsed.error),
      };
    }
    return { ok: true, data: await fn(parsed.data, actor, await context()) };
  } catch (error) {
    if (isAppError(error) && actor) await auditRefusal(actor, error, recordDenial);
    return failureResult(error);
  }
}

/** An expected failure as an action result; anything else is logged and answered with a reference. */
function failureResult(error: unknown): ActionResult<never> {
  if (isAppError(error)) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
    };
  }
  const requestId = randomUUID();
  getLogger().error({ err: error, requestId }, "server action failed");
  return { ok: false, code: "internal", message: `Something went wrong (reference ${requestId}). Try again.` };
}

/**
 * An action of a page that is open without a session (forgot password, a one-time link, sign-up):
 * strict input, the use case decides everything else. With `session: "required"` it is an action of
 * the signed-in user outside any organization (their own account).
 */
export async function runAccountAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>, user: SessionUser | null, context: ActionContext) => Promise<T>,
  rawInput: unknown,
  session: "optional" | "required" | "required-unverified-ok",
): Promise<ActionResult<T>> {
  try {
    const user = await getSessionUser();
    if (!user && session !== "optional")
      return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
    if (user && !user.emailVerified && session === "required") return UNVERIFIED_RESULT;
    const parsed = schema.safeParse(rawInput);
    if (!parsed.success) {
      return {
        ok: false,
        code: "invalid_request",
        message: "Check the highlighted fields.",
        fieldErrors: fieldErrorsOf(parsed.error),
      };
    }
    return { ok: true, data: await fn(parsed.data, user, await currentContext()) };
  } catch (error) {
    return failureResult(error);
  }
}

/** Declares a server action open without a session (the signed-in user, if any, is passed on). */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>, user: SessionUser | null, context: ActionContext) => Promise<T>,
) {
  return async (rawInput: unknown): Promise<ActionResult<T>> => runAccountAction(schema, fn, rawInput, "optional");
}

/**
 * Declares a server action of the signed-in user's own account (no organization involved). A user
 * whose address is unconfirmed is refused, unless `allowUnverified` (the actions of the "Check
 * your inbox" page).
 */
export function userAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>, user: SessionUser, context: ActionContext) => Promise<T>,
  { allowUnverified = false }: { allowUnverified?: boolean } = {},
) {
  const session = allowUnverified ? "required-unverified-ok" : "required";
  return async (rawInput: unknown): Promise<ActionResult<T>> =>
    runAccountAction(schema, (input, user, context) => fn(input, user as SessionUser, context), rawInput, session);
}

/** Declares a server action: `export const revokeCredentialAction = action(RevokeCredentialInput, fn)`. */
export function action<S extends OrgScopedSchema, T>(
  schema: S,
  fn: (input: z.infer<S>, actor: ActionActor, context: ActionContext) => Promise<T>,
) {
  // Next requires every export of a "use server" file to be an async function.
  return async (rawInput: unknown): Promise<ActionResult<T>> => runAction(schema, fn, rawInput);
}
