// A loopback TCP proxy in front of the test database server that a test can break in two ways:
//   cut()/restore()   drop every connection and refuse new ones (the database went away loudly);
//   stall()/resume()  stop moving bytes in both directions without closing anything (a silent
//                     partition: no error, no end; what the peers send waits in the buffers, as
//                     TCP would keep retransmitting it, and flows again on resume).
import { connect, createServer, type Server, type Socket } from "node:net";

export type DatabaseProxy = {
  /** The database URL through the proxy. */
  url: string;
  cut(): void;
  restore(): void;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
};

export async function startDatabaseProxy(databaseUrl: string): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const port = Number(target.port || 5432);
  const socketDir = target.searchParams.get("host");
  const upstream = () =>
    socketDir?.startsWith("/")
      ? connect(`${socketDir}/.s.PGSQL.${port}`)
      : connect(port, target.hostname.replace(/^\[|\]$/g, ""));
  const open = new Set<Socket>();
  let refusing = false;
  let stalled = false;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const database = upstream();
    for (const socket of [client, database]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => {
        client.destroy();
        database.destroy();
      });
    }
    client.pipe(database).pipe(client);
    // After pipe(), which resumes its source: a connection opened during a stall is stalled too.
    if (stalled) for (const socket of [client, database]) socket.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("proxy has no port");
  const proxied = new URL(databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(address.port);
  proxied.searchParams.delete("host");
  const proxy: DatabaseProxy = {
    url: proxied.toString(),
    cut() {
      refusing = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      refusing = false;
    },
    stall() {
      stalled = true;
      for (const socket of open) socket.pause();
    },
    resume() {
      stalled = false;
      for (const socket of open) socket.resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
