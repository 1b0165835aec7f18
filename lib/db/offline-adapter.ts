// A driver adapter with no database behind it, for schema diffs between two Prisma schemas.
//
// `SchemaEngine.new` connects at once and asks for the server version, even when the engine will
// only compare two datamodels. Answering that one probe lets `diff` run on a machine without any
// PostgreSQL; every other query fails loudly, so a flow that really needs a database cannot
// silently read invented data.
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";

// The oldest server we support (CI runs PostgreSQL 15), so generated SQL never needs a newer one.
const ASSUMED_SERVER_VERSION = "PostgreSQL 15.0 (offline schema diff)";
const ASSUMED_SERVER_VERSION_NUM = 150000;

function answerVersionProbe(query: SqlQuery): SqlResultSet {
  if (!query.sql.includes("server_version_num")) {
    throw new Error(`The offline adapter has no database; the schema engine tried to run: ${query.sql}`);
  }
  return {
    columnNames: ["exists", "version", "numeric_version"],
    columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
    rows: [[true, ASSUMED_SERVER_VERSION, ASSUMED_SERVER_VERSION_NUM]],
  };
}

function refuse(): never {
  throw new Error("The offline adapter has no database; use a real connection for this operation.");
}

function createOfflineAdapter(): SqlDriverAdapter {
  return {
    provider: "postgres",
    adapterName: "workflux-offline",
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    queryRaw: async (query) => answerVersionProbe(query),
    executeRaw: async () => refuse(),
    executeScript: async () => refuse(),
    startTransaction: async () => refuse(),
    dispose: async () => {},
  };
}

/** An adapter factory for `SchemaEngine.new` when only `diff` between datamodels will be called. */
export function createOfflineAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "workflux-offline",
    connect: async () => createOfflineAdapter(),
    connectToShadowDb: async () => refuse(),
  };
}
