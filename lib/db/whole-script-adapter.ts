// Makes adapter-pg run a migration script the way `prisma migrate deploy` does.
//
// adapter-pg's `executeScript` splits the script on every ";" and runs the pieces one by one.
// That breaks statements with a ";" inside them (function bodies, string literals, comments), and
// a failing migration leaves its earlier statements applied. The native engine sends the whole
// script as one simple query, which PostgreSQL runs as one implicit transaction; so do we.
import type pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

/** An adapter factory over `pool` whose adapters execute scripts in one round trip. */
export function createWholeScriptAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withWholeScripts(await factory.connect(), pool),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

function withWholeScripts(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      // No parameters, so pg uses the simple query protocol, which accepts many statements.
      await pool.query(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  };
  return adapter;
}

/** The engine only reads errors of this shape; any other error reaches it as "External error". */
function toDriverAdapterError(error: unknown): DriverAdapterError {
  const pgError = error as Partial<pg.DatabaseError> & Error;
  return new DriverAdapterError({
    kind: "postgres",
    code: pgError.code ?? "XX000",
    severity: pgError.severity ?? "ERROR",
    message: pgError.message,
    detail: pgError.detail,
    column: pgError.column,
    hint: pgError.hint,
  });
}
