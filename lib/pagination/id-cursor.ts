// Cursor pagination over UUIDv7 ids (time-ordered): the cursor is the last id of the page, opaque
// to clients (base64url), so lists never skip or repeat rows when new ones arrive.
import { z } from "zod";

export const MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: z
    .string()
    .max(64)
    .transform((value, ctx) => {
      const id = Buffer.from(value, "base64url").toString("utf8");
      if (!UUID.test(id)) {
        ctx.addIssue({ code: "custom", message: "Invalid cursor" });
        return z.NEVER;
      }
      return id;
    })
    .optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");

/** Given limit + 1 rows (newest first), returns the page and the next cursor. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** findMany arguments for one page, newest first, starting after the cursor. */
export function pageArgs(query: PageQuery) {
  return {
    cursorWhere: query.cursor ? { id: { lt: query.cursor } } : {},
    orderBy: { id: "desc" as const },
    take: query.limit + 1,
  };
}

/**
 * One page of a list, newest first, as `{data, next_cursor}`: `find` gets the findMany arguments
 * (with `where` to merge into its own scope), `toDto` turns each row into its answer.
 */
export async function listPage<Row extends { id: string }, Dto>(
  query: PageQuery,
  find: (args: { cursorWhere: { id?: { lt: string } }; orderBy: { id: "desc" }; take: number }) => Promise<Row[]>,
  toDto: (row: Row) => Dto,
): Promise<{ data: Dto[]; next_cursor: string | null }> {
  const rows = await find(pageArgs(query));
  const result = toPage(rows, query.limit);
  return { data: result.items.map(toDto), next_cursor: result.nextCursor };
}
