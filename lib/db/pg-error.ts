// The SQLSTATE of a PostgreSQL error, however it reaches us: Prisma 7 with the pg driver adapter
// wraps it as PrismaClientKnownRequestError (P2039/P2010) with the code under
// `meta.driverAdapterError.cause`; a DriverAdapterError carries it under `cause`; pg's own
// DatabaseError (a raw pg client) carries it as `code`.
const SQLSTATE = /^[0-9A-Z]{5}$/;

type Bag = Record<string, unknown>;
const bag = (value: unknown): Bag | undefined =>
  value !== null && typeof value === "object" ? (value as Bag) : undefined;
const sqlstate = (value: unknown): string | undefined =>
  typeof value === "string" && SQLSTATE.test(value) ? value : undefined;

function fromAdapterCause(cause: Bag | undefined): string | undefined {
  if (!cause || (cause.kind !== undefined && cause.kind !== "postgres")) return undefined;
  return sqlstate(cause.originalCode) ?? sqlstate(cause.code);
}

export function postgresErrorCode(error: unknown): string | undefined {
  const err = bag(error);
  if (!err) return undefined;
  const adapterError = bag(bag(err.meta)?.driverAdapterError);
  return (
    fromAdapterCause(bag(adapterError?.cause)) ??
    (err.name === "DriverAdapterError" ? fromAdapterCause(bag(err.cause)) : undefined) ??
    // pg's DatabaseError has a severity; Prisma's errors (code "P2039"…) have none.
    (typeof err.severity === "string" ? sqlstate(err.code) : undefined)
  );
}

/**
 * Data the client sent that PostgreSQL cannot store or compare: NUL in text or jsonb (22021,
 * 22P05), an out-of-range or malformed date (22008, 22007). A client's mistake, never a 500.
 */
export const CLIENT_DATA_SQLSTATES: ReadonlySet<string> = new Set(["22021", "22P05", "22008", "22007"]);

export const isClientDataError = (error: unknown): boolean => {
  const code = postgresErrorCode(error);
  return code !== undefined && CLIENT_DATA_SQLSTATES.has(code);
};

/**
 * Worth trying again later: no SQLSTATE at all (the connection was refused, reset or timed out) or
 * a connection, resource, shutdown or serialization class. A statement PostgreSQL refused for its
 * content (a foreign key, a constraint) fails the same way every time.
 */
export const isTransientDatabaseError = (error: unknown): boolean => {
  const code = postgresErrorCode(error);
  return code === undefined || /^(08|53|57P|40)/.test(code);
};
