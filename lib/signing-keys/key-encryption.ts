// Signing private keys at rest: AES-256-GCM under the key-encryption key from the environment
// (SIGNING_KEY_ENCRYPTION_KEY), a fresh 96-bit IV per encryption, and the `kid` as additional
// authenticated data, so a ciphertext moved to another row does not decrypt (SK-02).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export function parseKeyEncryptionKey(base64: string | undefined): Buffer {
  const key = base64 ? Buffer.from(base64, "base64") : Buffer.alloc(0);
  // No fallback key: without the variable the service refuses to sign.
  if (key.length !== 32) throw new Error("SIGNING_KEY_ENCRYPTION_KEY must be set to 32 bytes, base64-encoded");
  return key;
}

export function encryptPrivateKey(plaintext: string, kek: Buffer, kid: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek, iv);
  cipher.setAAD(Buffer.from(kid, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function decryptPrivateKey(stored: string, kek: Buffer, kid: string): string {
  const [version, iv, ciphertext, tag] = stored.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error(`signing key ${kid}: unreadable ciphertext`);
  const decipher = createDecipheriv("aes-256-gcm", kek, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(kid, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
