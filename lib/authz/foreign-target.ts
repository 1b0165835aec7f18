// An id that is not in the caller's organization is answered not_found, exactly as a missing one
// (SA-02). When it exists in another organization, the not_found carries that fact privately, so
// the caller's organization's audit log records the cross-organization attempt (LG-01): the id
// was the caller's own input, so the record tells their admins nothing the caller did not send.
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";

const EXISTS: Record<"api_key" | "membership" | "invitation", (db: Db | Tx, id: string) => Promise<number>> = {
  api_key: (db, id) => db.apiKey.count({ where: { id } }),
  membership: (db, id) => db.membership.count({ where: { id } }),
  invitation: (db, id) => db.invitation.count({ where: { id } }),
};

export async function notFoundHere(
  db: Db | Tx,
  type: keyof typeof EXISTS,
  id: string,
  message: string,
): Promise<AppError> {
  const elsewhere = (await EXISTS[type](db, id)) > 0;
  return new AppError("not_found", message, elsewhere ? { foreignTarget: { type, id } } : {});
}
