// Change an organization's plan (RL-08). The operator does it from the command line
// (`npm run orgs -- set-plan <slug> <plan>`): a self-hosted portal has no billing, and plans are
// the operator's to set. The dashboard only shows the plan; a signed-in user may call this only
// with `plan:manage` (owners), and then only for their own organization.
//
// One transaction: the row locked, the plan written, the `organization.plan_changed` event, and a
// NOTIFY for every key of the organization. Limiters learn an org's plan from the cached credential
// records (credential-cache.ts), so the same announcement a revocation uses drops those records on
// every instance at commit (and in this process right after), and the next request of any key
// counts against the new plan's limit (RL-09).
import { z } from "zod";
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { recordAuditEvent, actorAuditFields } from "../audit/record-audit-event";
import { CREDENTIAL_CHANNEL, credentialChangedLocally } from "../credentials/change-events";
import { getDb } from "../db/client";
import { PLANS, type Plan } from "../db/enums";
import { AppError } from "../errors";
import type { UseCaseOptions } from "../use-case";
import { ORG_SLUG_PATTERN } from "../validation/org-slug";

/** The person at the server's command line: trusted with the database, so no role applies. */
export type OperatorActor = { kind: "operator" };

/** How the audit log names the operator: a system actor with this label. */
export const OPERATOR_ACTOR_LABEL = "Operator (CLI)";

export const SetPlanInput = z.strictObject({
  slug: z.string().regex(ORG_SLUG_PATTERN, { error: "Not an organization slug (lowercase letters, digits, dashes)." }),
  plan: z.enum(PLANS, { error: `The plan must be one of ${PLANS.join(", ")}.` }),
});
export type SetPlanInput = z.infer<typeof SetPlanInput>;

export type SetPlanResult = { slug: string; name: string; from: Plan; to: Plan; changed: boolean };

export async function setPlan(
  actor: OperatorActor | UserActor,
  input: SetPlanInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<SetPlanResult> {
  if (actor.kind === "user") assertCan(actor, "plan:manage");
  const { result, clientIds } = await db.$transaction(async (tx) => {
    // A user names their own organization only; another one's slug reads as unknown.
    const ownOrgId = actor.kind === "user" ? actor.orgId : null;
    const [org] = await tx.$queryRaw<Array<{ id: string; name: string; plan: Plan }>>`
      SELECT id::text AS id, name, plan::text AS plan FROM organizations
      WHERE slug = ${input.slug} AND (${ownOrgId}::uuid IS NULL OR id = ${ownOrgId}::uuid)
      FOR UPDATE`;
    if (!org) throw new AppError("not_found", "No organization has this slug.");
    const result: SetPlanResult = { slug: input.slug, name: org.name, from: org.plan, to: input.plan, changed: false };
    if (org.plan === input.plan) return { result, clientIds: [] };
    await tx.organization.update({ where: { id: org.id }, data: { plan: input.plan } });
    const who =
      actor.kind === "operator"
        ? { orgId: org.id, actorType: "system" as const, actorLabel: OPERATOR_ACTOR_LABEL }
        : actorAuditFields(actor, request);
    await recordAuditEvent(tx, {
      ...who,
      action: "organization.plan_changed",
      targetType: "organization",
      targetId: org.id,
      targetLabel: org.name,
      metadata: { from: org.plan, to: input.plan, at: now.toISOString() },
      at: now,
    });
    // Delivered when the transaction commits, to every instance's credential cache.
    const keys = await tx.$queryRaw<Array<{ client_id: string }>>`
      SELECT client_id, pg_notify(${CREDENTIAL_CHANNEL}, client_id)::text AS sent
      FROM api_keys WHERE org_id = ${org.id}::uuid`;
    return { result: { ...result, changed: true }, clientIds: keys.map((key) => key.client_id) };
  });
  for (const clientId of clientIds) credentialChangedLocally(clientId);
  return result;
}
