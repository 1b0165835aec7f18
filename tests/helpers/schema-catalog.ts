// A normalized description of one PostgreSQL schema (tables, columns, enums, indexes,
// constraints), so two schemas built different ways can be compared with `toEqual`.
import type pg from "pg";

export type SchemaCatalog = {
  columns: string[];
  enums: string[];
  indexes: string[];
  constraints: string[];
};

/** Describes `schemaName`, with every mention of the schema's own name removed. */
export async function describeSchema(client: pg.Client, schemaName: string): Promise<SchemaCatalog> {
  const strip = (text: string) => text.replaceAll(`"${schemaName}".`, "").replaceAll(`${schemaName}.`, "");
  const lines = async (sql: string) =>
    (await client.query<{ line: string }>(sql, [schemaName])).rows.map((row) => strip(row.line)).sort();
  return {
    columns: await lines(`
      SELECT concat_ws(' ', table_name, column_name, udt_name, is_nullable, column_default) AS line
      FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`),
    enums: await lines(`
      SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname`),
    indexes: await lines(`
      SELECT indexname || ' ' || indexdef AS line FROM pg_indexes
      WHERE schemaname = $1 AND tablename <> '_prisma_migrations'`),
    constraints: await lines(`
      SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = $1 AND c.conrelid <> 0 AND c.conrelid::regclass::text NOT LIKE '%_prisma_migrations'`),
  };
}
