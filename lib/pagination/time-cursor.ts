// Keyset cursors over (createdAt, id), newest first, opaque to clients (base64url). An unreadable
// cursor starts from the first page rather than failing; so does one whose instant is outside
// 2000-9999 (nothing here is that old, and PostgreSQL refuses year 0000).
export type TimeCursor = { createdAt: Date; id: string };

export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, "utf8").toString("base64url");
}

export function decodeTimeCursor(value: string | undefined): TimeCursor | null {
  if (!value) return null;
  const [at, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const year = createdAt.getUTCFullYear();
  if (year < 2000 || year > 9999) return null;
  return { createdAt, id };
}
