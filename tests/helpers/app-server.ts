// Starts the production server (`node --import tsx server.ts`, as `npm start` does once built), or
// with `dev` the development server (`npm run dev`), on a free loopback port for end-to-end tests,
// and stops it by process group.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export type AppServer = {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  listening: Promise<{ embeddedDatabaseUrl?: string }>;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startAppServer(options: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  dev?: boolean;
}): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const root = path.resolve(import.meta.dirname, "../..");
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: options.dev ? "development" : "production",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    APP_URL: baseUrl,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: "info",
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.env?.DATABASE_URL) env.DATABASE_URL = options.env.DATABASE_URL;
  // `node --import tsx` as `npm start` does: one process, so signals reach the server itself.
  const args = options.dev ? ["scripts/start.mjs", "--dev"] : ["--import", "tsx", "server.ts"];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const listening = new Promise<{ embeddedDatabaseUrl?: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split("\n")) {
        if (!line.includes('"msg":"listening"')) continue;
        resolve(JSON.parse(line) as { embeddedDatabaseUrl?: string });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  listening.catch(() => {});

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    process.kill(-child.pid!, signal);
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { baseUrl, process: child, output: () => output, listening, exited, stop };
}
