// Every dashboard session carries the user's session version; bumping it ends them all at once.
import type { Db } from "../db/client";

export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
