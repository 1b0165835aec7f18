// Changes this process has committed, announced at once to this process's caches (other instances
// learn them through PostgreSQL NOTIFY, which fires when the writing transaction commits).
import { EventEmitter } from "node:events";

export type LocalEventMap = {
  /** A credential's validity or its org's plan changed (revoke, rotate, scope or expiry edit, plan): drop its cached record. */
  credentialChanged: [clientId: string];
  /** An access token was revoked (RFC 7009): deny its jti from now on. */
  tokenRevoked: [jti: string, expiresAt: Date];
};

export class LocalEvents extends EventEmitter<LocalEventMap> {
  constructor() {
    super();
    this.setMaxListeners(50);
  }
}
