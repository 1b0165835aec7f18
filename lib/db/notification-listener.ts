// A dedicated PostgreSQL connection that LISTENs on one channel, reconnecting with back-off.
// Caches built on it are trusted only while `listening` is true: notifications sent while the
// connection was down are lost, so `onConnected` must start the cache afresh.
//
// A connection can also fail silently (a partition: packets dropped, the socket never closed), and
// then no "end" or "error" ever comes. So the listener sends a heartbeat query every HEARTBEAT_MS
// and counts itself down the moment no answer has come for HEARTBEAT_DEADLINE_MS (RL-04): the
// caches stop trusting themselves in under a second, not when TCP gives up minutes later. TCP
// keepalive is on as well, for what the heartbeat cannot see (a half-open socket while idle).
import pg from "pg";

// Short, so the caches (and the dashboard's outage page) follow the database back within seconds.
const MAX_RECONNECT_DELAY_MS = 2_000;
export const HEARTBEAT_MS = 200;
export const HEARTBEAT_DEADLINE_MS = 600;
const CONNECT_TIMEOUT_MS = 2_000;

export type NotificationListenerOptions = {
  url: string;
  channel: string;
  onNotification: (payload: string) => void;
  onConnected: () => void | Promise<void>;
  onDisconnected: (error?: unknown) => void;
};

export class NotificationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private reconnectDelayMs = 250;
  private heartbeat: NodeJS.Timeout | undefined;
  listening = false;

  constructor(private readonly options: NotificationListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error("invalid channel name");
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 1_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    const onDown = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      clearInterval(this.heartbeat);
      client.removeAllListeners();
      client.on("error", () => {});
      void client.end().catch(() => {});
      // A partitioned socket would wait for the server's goodbye forever.
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      if (this.stopped) return;
      this.options.onDisconnected(error);
      const delay = this.reconnectDelayMs;
      this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
      setTimeout(() => void this.connect(), delay).unref();
    };
    this.client = client;
    client.on("error", onDown);
    client.on("end", () => onDown());
    client.on("notification", (message) => {
      if (message.channel === this.options.channel && message.payload) this.options.onNotification(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
      if (this.client !== client) return;
      await this.options.onConnected();
      this.listening = true;
      this.reconnectDelayMs = 250;
      this.heartbeat = this.startHeartbeat(client, onDown);
    } catch (error) {
      onDown(error);
    }
  }

  private startHeartbeat(client: pg.Client, onDown: (error?: unknown) => void): NodeJS.Timeout {
    let sentAtMs: number | undefined;
    const overdue = () => sentAtMs !== undefined && Date.now() - sentAtMs > HEARTBEAT_DEADLINE_MS;
    const timer = setInterval(() => {
      if (overdue()) {
        // Decided after this turn's I/O: when the event loop itself was busy, the answer may be
        // waiting in the socket, and an unread answer is no partition.
        setImmediate(() => {
          if (overdue()) onDown(new Error(`no heartbeat answer from the database in ${HEARTBEAT_DEADLINE_MS} ms`));
        });
        return;
      }
      if (sentAtMs !== undefined) return;
      sentAtMs = Date.now();
      client.query("SELECT 1").then(
        () => (sentAtMs = undefined),
        (error: unknown) => onDown(error),
      );
    }, HEARTBEAT_MS);
    timer.unref();
    return timer;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    clearInterval(this.heartbeat);
    await client?.end().catch(() => {});
  }
}
