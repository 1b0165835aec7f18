// Mail goes out through the job queue (ML-01): `queue` writes a job, inside the caller's
// transaction when it has one, so a mail exists exactly when the change it announces committed;
// a worker in any instance sends it and retries with backoff while the SMTP server fails. The
// job holds the message sealed under the key-encryption key (AES-256-GCM), because its link is a
// one-time secret that must not sit readable in the database (ML-02).
import type { Tx } from "../db/client";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../log/logger";
import { decryptPrivateKey, encryptPrivateKey } from "../signing-keys/key-encryption";
import type { MailTransport, OutboundMail } from "./mailer";

export const MAIL_QUEUE = "mail.send";
const SEAL_CONTEXT = "outbound-mail";

type MailJob = { sealed: string };

export class MailService {
  constructor(
    private transport: MailTransport | null,
    private readonly jobs: JobQueue,
    private readonly kek: () => Buffer,
    private readonly log: Logger,
  ) {
    jobs.define<MailJob>({
      name: MAIL_QUEUE,
      // 30 s, 1, 2, 4, 8, 16 min: about half an hour of SMTP trouble before a mail is given up.
      retryLimit: 6,
      retryDelaySeconds: 30,
      handler: (job, meta) => this.deliver(job, meta),
    });
  }

  /** Whether mail can be sent at all; without SMTP the caller shows the link instead. */
  get configured(): boolean {
    return this.transport !== null;
  }

  /** Replaces the transport (tests point it at their SMTP server on 127.0.0.1); closes the old one. */
  useTransport(transport: MailTransport | null): void {
    this.transport?.close();
    this.transport = transport;
  }

  async queue(mail: OutboundMail, options: { tx?: Tx } = {}): Promise<void> {
    if (!this.transport) throw new Error("mail is not configured (SMTP_URL)");
    const sealed = encryptPrivateKey(JSON.stringify(mail), this.kek(), SEAL_CONTEXT);
    await this.jobs.send(MAIL_QUEUE, { sealed } satisfies MailJob, options);
  }

  close(): void {
    this.transport?.close();
  }

  private async deliver(job: MailJob, meta: { id: string; retryCount: number }): Promise<void> {
    const mail = JSON.parse(decryptPrivateKey(job.sealed, this.kek(), SEAL_CONTEXT)) as OutboundMail;
    if (!this.transport) throw new Error("mail is not configured (SMTP_URL) in this instance");
    try {
      await this.transport.send(mail);
    } catch (error) {
      // The recipient's domain and the job id identify the mail; the body (its link) never reaches a log.
      this.log.warn(
        { err: error, job: meta.id, attempt: meta.retryCount + 1, domain: mail.to.split("@").pop() },
        "sending mail failed; it will be retried",
      );
      throw error;
    }
  }
}
