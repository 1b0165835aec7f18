// Offline migrations through `@prisma/schema-engine-wasm`.
//
// The Prisma CLI needs a native schema engine that these machines cannot download, so this module
// drives the WebAssembly build of the same engine over a `pg` driver adapter instead. It writes the
// standard `_prisma_migrations` table, so `prisma migrate deploy` on a connected machine sees the
// same history. Flows that introspect a live database fail with adapter-pg ("Column type 'char'
// could not be deserialized"), so new migrations are made by diffing a committed snapshot of the
// schema as of the last migration against the current schema (see `scripts/db/migration.ts`).
//
// Only server code and scripts may import this: it reads files and loads a 5 MB wasm module.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type {
  DiffTarget,
  MigrationDirectory,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import { createOfflineAdapterFactory } from "./offline-adapter";
import { createWholeScriptAdapterFactory } from "./whole-script-adapter";

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

export const DEFAULT_SCHEMA_PATH = "prisma/schema.prisma";
export const DEFAULT_MIGRATIONS_DIR = "prisma/migrations";
export const DEFAULT_SNAPSHOT_PATH = "prisma/migrations-snapshot.prisma";
const MIGRATION_LOCK_FILE = "migration_lock.toml";
const MIGRATION_FILE = "migration.sql";
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

export type SchemaEngineOptions = {
  /** Receives the engine's JSON log lines; they are dropped when absent. */
  onLog?: (line: string) => void;
};

export type ApplyMigrationsOptions = SchemaEngineOptions & {
  migrationsDir?: string;
  schemaPath?: string;
};

let engineModulePromise: Promise<SchemaEngineModule> | undefined;

/**
 * Loads the wasm engine once per process. Node 20 cannot import the package's `.wasm` entry, so
 * the glue module is imported and the wasm beside it is compiled and wired by hand.
 */
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  engineModulePromise ??= (async () => {
    installPanicRegistry();
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmBytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const wasmModule = await WebAssembly.compile(wasmBytes);
    const instance = await WebAssembly.instantiate(wasmModule, {
      "./schema_engine_bg.js": withUnrefTimers(bg as unknown as WebAssembly.ModuleImports),
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return engineModulePromise;
}

type PanicRegistry = { get(): string; set_message(message: string): void };
const panicGlobal = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };

/**
 * On a Rust panic the glue reports the message to this global before the wasm traps; without it
 * the panic surfaces as "Cannot read properties of undefined (reading 'set_message')". Prisma's
 * own runtime may have installed one already, which works just as well.
 */
function installPanicRegistry(): void {
  let lastMessage = "";
  panicGlobal.PRISMA_WASM_PANIC_REGISTRY ??= {
    get: () => lastMessage,
    set_message: (message) => {
      lastMessage = message;
    },
  };
}

/** Turns a wasm trap into an error that says what the engine panicked about. */
function explainPanic(error: unknown): unknown {
  if (!(error instanceof WebAssembly.RuntimeError)) return error;
  const message = panicGlobal.PRISMA_WASM_PANIC_REGISTRY?.get() || error.message;
  return new Error(`The Prisma schema engine panicked: ${message}`, { cause: error });
}

/**
 * The engine arms a 10 s timer around taking its advisory lock and never clears it, which would
 * keep every script alive for 10 s after its work is done. The timer only races a query whose
 * socket keeps the process alive anyway, so an unref'd timer changes nothing else.
 */
function withUnrefTimers(glue: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...glue };
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    imports[name] = (callback: () => void, delayMs: number) => setTimeout(callback, delayMs >>> 0).unref();
  }
  return imports;
}

/** Creates an engine over `adapterFactory`, runs `work`, and always frees the engine. */
async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; text: string },
  options: SchemaEngineOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const onLog = options.onLog ?? (() => {});
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  try {
    const engine = await SchemaEngine.new({ datamodels: [[datamodel.path, datamodel.text]] }, onLog, adapter);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw explainPanic(error);
  }
}

/**
 * Like `withSchemaEngine`, over a `pg` pool this module owns and ends afterwards, so no socket
 * keeps the process alive once the work is done.
 */
async function withDatabaseSchemaEngine<T>(
  connectionString: string,
  datamodel: { path: string; text: string },
  options: SchemaEngineOptions,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  // One connection: the embedded PGlite server is a single session, and migrations are serial.
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    return await withSchemaEngine(createWholeScriptAdapterFactory(pool), datamodel, options, work);
  } finally {
    await pool.end();
  }
}

/** Reads `prisma/migrations` in the layout the Prisma CLI uses, sorted by directory name. */
export async function readMigrationsList(migrationsDir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationList> {
  const baseDir = path.resolve(/*turbopackIgnore: true*/ migrationsDir);
  const lockContent = await readFile(path.join(baseDir, MIGRATION_LOCK_FILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const sql = await readFile(path.join(baseDir, entry.name, MIGRATION_FILE), "utf8");
    migrationDirectories.push({
      path: entry.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: "ok", value: sql } },
    });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * Applies every migration not yet recorded in `_prisma_migrations`. Safe on every start: applied
 * migrations are skipped, and an empty result means the database was already current.
 */
export async function applyMigrations(
  connectionString: string,
  options: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) return { applied: [] };
  const schemaPath = path.resolve(/*turbopackIgnore: true*/ options.schemaPath ?? DEFAULT_SCHEMA_PATH);
  const datamodel = { path: schemaPath, text: await readFile(schemaPath, "utf8") };
  const output = await withDatabaseSchemaEngine(connectionString, datamodel, options, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return { applied: output.appliedMigrationNames };
}

/**
 * Returns the SQL that turns the database described by `fromText` (or an empty database when
 * null) into the one described by `toText`; an empty string means no change. No database is used.
 */
export async function diffSchemas(
  fromText: string | null,
  toText: string,
  options: SchemaEngineOptions = {},
): Promise<string> {
  const datamodelTarget = (text: string): DiffTarget => ({
    tag: "schemaDatamodel",
    files: [{ path: "schema.prisma", content: text }],
  });
  const datamodel = { path: "schema.prisma", text: toText };
  const result = await withSchemaEngine(createOfflineAdapterFactory(), datamodel, options, (engine) =>
    engine.diff({
      from: fromText === null ? { tag: "empty" } : datamodelTarget(fromText),
      to: datamodelTarget(toText),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    }),
  );
  return normalizeDiffScript(result.stdout ?? "");
}

/** The engine answers an empty diff with a comment; callers only care whether SQL remains. */
function normalizeDiffScript(script: string): string {
  const hasStatements = script.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
  return hasStatements ? script : "";
}
