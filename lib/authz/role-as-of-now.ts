// The caller's role as of this transaction. Actions resolve the actor before the use case runs;
// re-reading the membership here with FOR SHARE closes the gap (SA-08): a removal or demotion
// either committed before (and is seen) or waits until this change has committed.
import type { Tx } from "../db/client";
import type { Role } from "../db/enums";
import { AppError } from "../errors";
import type { Actor } from "./actor";

export async function actorAsOfNow<A extends Actor>(tx: Tx, actor: A): Promise<A> {
  // A credential's scopes were read live by the API guard for this very request.
  if (actor.kind !== "user") return actor;
  const rows = await tx.$queryRaw<Array<{ role: Role }>>`
    SELECT role FROM memberships WHERE user_id = ${actor.userId}::uuid AND org_id = ${actor.orgId}::uuid FOR SHARE`;
  const role = rows[0]?.role;
  // No longer a member: the organization's data is not theirs to see, let alone change.
  if (!role) throw new AppError("not_found", "Not found.");
  return { ...actor, role };
}
