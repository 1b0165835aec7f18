// A dedicated PostgreSQL connection that LISTENs on one channel, reconnecting with back-off.
// Caches built on it are trusted only while `listening` is true: notifications sent while the
// connection was down are lost, so `onConnected` must start the cache afresh.
import pg from "pg";

const MAX_RECONNECT_DELAY_MS = 10_000;

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
  listening = false;

  constructor(private readonly options: NotificationListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error("invalid channel name");
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url });
    const onDown = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      client.removeAllListeners();
      void client.end().catch(() => {});
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
    } catch (error) {
      onDown(error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => {});
  }
}
