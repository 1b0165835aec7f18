// TOTP (RFC 6238) through otplib: the authenticator apps' defaults (SHA-1, 6 digits, 30 s), a
// 160-bit secret, a code accepted one step either side of now, and never the same step twice
// (TF-02). The secret is sealed under the key-encryption key with the user's id bound to it, so a
// ciphertext copied to another user's row does not open.
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { decryptPrivateKey, encryptPrivateKey, parseKeyEncryptionKey } from "../signing-keys/key-encryption";

export const TOTP_ISSUER = "WorkFlux";
const STEP_SECONDS = 30;

export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const sealTotpSecret = (secret: string, userId: string, kek: string | undefined): string =>
  encryptPrivateKey(secret, parseKeyEncryptionKey(kek), `totp:${userId}`);

export const openTotpSecret = (sealed: string, userId: string, kek: string | undefined): string =>
  decryptPrivateKey(sealed, parseKeyEncryptionKey(kek), `totp:${userId}`);

/** The otpauth:// URI an authenticator app scans, and the same as a QR code image made here. */
export async function provisioning(secret: string, email: string): Promise<{ uri: string; qrDataUrl: string }> {
  const uri = generateURI({ issuer: TOTP_ISSUER, label: email, secret });
  // Rendered on the server as a data: URL (no request leaves the machine, CSP allows data: images).
  const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 1, width: 200 });
  return { uri, qrDataUrl };
}

/** The time step `code` is valid for at `now` (one step of drift either way), or null. */
export async function totpStep(
  secret: string,
  code: string,
  now: Date,
  afterTimeStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  // A step already used ahead of this instance's clock (another instance's clock runs fast) is no
  // valid code here either; otplib throws for it instead of answering.
  if (afterTimeStep !== null && afterTimeStep >= Math.floor(epoch / STEP_SECONDS) + 1) return null;
  const result = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: STEP_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  return result.valid ? Math.floor(epoch / STEP_SECONDS) + result.delta : null;
}
