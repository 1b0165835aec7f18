// The signing keys this process uses: the active private key (decrypted once, kept in memory as
// a KeyObject), the public keys that verify tokens, and the serialised JWKS. Every
// REFRESH_INTERVAL_MS a background poll reads a one-row fingerprint of the published set and
// reloads the keys only when it changed, so a rotation or an emergency revoke made by
// `npm run keys:rotate` (another process, maybe another instance) reaches this one within a
// second, with no database I/O on any request. The runtime owns the one store.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import type { Db } from "../db/client";
import { unavailable } from "../errors";
import type { Logger } from "../log/logger";
import { decryptPrivateKey } from "./key-encryption";
import {
  ensureActiveSigningKey,
  JWKS_MAX_AGE_SECONDS,
  listPublishedKeys,
  loadEncryptedPrivateKey,
  publishedKeysFingerprint,
  type PublishedKey,
} from "./signing-key-repo";

export const REFRESH_INTERVAL_MS = 750;

export type ActiveSigner = { kid: string; privateKey: KeyObject; encodedHeader: string };

type Snapshot = {
  fingerprint: string;
  signer: ActiveSigner;
  verificationKeys: Map<string, KeyObject>;
  jwksBody: string;
};

export class SigningKeyStore {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: () => Db,
    private readonly kek: () => Buffer,
    private readonly log: Pick<Logger, "info" | "error">,
    private readonly options: { refreshIntervalMs?: number } = {},
  ) {}

  /** Loads the keys on first use (creating the first active key), then keeps them fresh. */
  async ready(): Promise<Snapshot> {
    if (this.snapshot) return this.snapshot;
    this.loading ??= this.refresh().finally(() => (this.loading = undefined));
    const snapshot = await this.loading;
    this.startTimer();
    return snapshot;
  }

  /** The current snapshot without waiting; undefined before the first load. */
  current(): Snapshot | undefined {
    return this.snapshot;
  }

  async signer(): Promise<ActiveSigner> {
    return (this.snapshot ?? (await this.readyOrUnavailable())).signer;
  }

  async verificationKey(kid: string): Promise<KeyObject | undefined> {
    return (this.snapshot ?? (await this.readyOrUnavailable())).verificationKeys.get(kid);
  }

  async jwksBody(): Promise<string> {
    return (this.snapshot ?? (await this.readyOrUnavailable())).jwksBody;
  }

  private async readyOrUnavailable(): Promise<Snapshot> {
    try {
      return await this.ready();
    } catch (error) {
      throw unavailable("signing keys", error);
    }
  }

  /** Re-reads the published keys; decrypts a private key only when the active kid changed. */
  async refresh(): Promise<Snapshot> {
    const db = this.db();
    let published = await listPublishedKeys(db);
    if (!published.some((key) => key.state === "active")) {
      await ensureActiveSigningKey(db, this.kek());
      published = await listPublishedKeys(db);
    }
    const fingerprint = published.map((key) => `${key.kid}:${key.state}`).join(",");
    if (this.snapshot?.fingerprint === fingerprint) return this.snapshot;
    const active = published.find((key) => key.state === "active");
    if (!active) throw new Error("no active signing key after ensureActiveSigningKey");
    const signer =
      this.snapshot?.signer.kid === active.kid ? this.snapshot.signer : await this.loadSigner(db, active.kid);
    this.snapshot = {
      fingerprint,
      signer,
      verificationKeys: new Map(
        published.map((key) => [key.kid, createPublicKey({ key: key.publicJwk, format: "jwk" })]),
      ),
      jwksBody: JSON.stringify({ keys: published.map((key: PublishedKey) => key.publicJwk) }),
    };
    return this.snapshot;
  }

  private async loadSigner(db: Db, kid: string): Promise<ActiveSigner> {
    const encrypted = await loadEncryptedPrivateKey(db, kid);
    if (!encrypted) throw new Error(`signing key ${kid} has no private part`);
    const jwk = JSON.parse(decryptPrivateKey(encrypted, this.kek(), kid)) as Record<string, string>;
    const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
    const encodedHeader = Buffer.from(JSON.stringify({ alg: "ES256", typ: "at+jwt", kid })).toString("base64url");
    return { kid, privateKey, encodedHeader };
  }

  /** The background poll: one cheap query; a full reload only when the published set changed. */
  async poll(): Promise<void> {
    const fingerprint = await publishedKeysFingerprint(this.db());
    if (this.snapshot && fingerprint === this.snapshot.fingerprint) return;
    await this.refresh();
  }

  private startTimer(): void {
    if (this.timer) return;
    const interval = this.options.refreshIntervalMs ?? REFRESH_INTERVAL_MS;
    let failing = false;
    this.timer = setInterval(() => {
      this.poll().then(
        () => {
          if (failing) this.log.info("signing keys reloaded");
          failing = false;
        },
        (error: unknown) => {
          // Keep the last good set; say so once, not twice a second (RL-02 in spirit).
          if (!failing) this.log.error({ err: error }, "signing key refresh failed; keeping the last loaded keys");
          failing = true;
        },
      );
    }, interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export const JWKS_CACHE_CONTROL = `public, max-age=${JWKS_MAX_AGE_SECONDS}`;
