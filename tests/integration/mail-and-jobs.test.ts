// The job queue and the mail that goes through it, against the test database and a real SMTP
// server on 127.0.0.1.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { JobQueue } from "@/lib/jobs/job-queue";
import { createSmtpTransport } from "@/lib/mail/mailer";
import { appLink, renderMail } from "@/lib/mail/templates";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { testRuntime } from "../helpers/test-runtime";

const database = () => ({ url: inject("databaseUrl"), embedded: inject("databaseEmbedded") });
const silent = () => testRuntime().log;

async function mailJobs(): Promise<{ data: unknown }[]> {
  return testRuntime().db.$queryRawUnsafe(`SELECT data FROM pgboss.job WHERE name = 'mail.send'`);
}

describe("mail", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    testRuntime().mail.useTransport(createSmtpTransport(sink.url, "WorkFlux <no-reply@workflux.test>"));
  });
  afterAll(async () => {
    testRuntime().mail.useTransport(null);
    await sink.stop();
  });

  const message = (to: string, url: string) =>
    renderMail({
      to,
      subject: "Join Acme on WorkFlux",
      intro: ["Ada invited you to Acme <Labs> as a developer."],
      action: { label: "Accept the invitation", url },
      outro: ["The link works once and expires in 7 days."],
    });

  it("arrives from EMAIL_FROM with a plain-text and an HTML body carrying the link", async () => {
    const url = appLink(testRuntime().env.APP_URL, "/invite/tok123");
    await testRuntime().mail.queue(message("new.dev@example.com", url));
    const mail = await sink.waitForMail("new.dev@example.com");
    expect(mail.from?.text).toBe('"WorkFlux" <no-reply@workflux.test>');
    expect(mail.subject).toBe("Join Acme on WorkFlux");
    expect(mail.text).toContain(url);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain("Acme &lt;Labs&gt;");
  });

  it("is queued with its transaction: a rolled-back change sends nothing", async () => {
    const { db, mail } = testRuntime();
    const before = (await mailJobs()).length;
    await expect(
      db.$transaction(async (tx) => {
        await mail.queue(message("rolled.back@example.com", "http://x.test/a"), { tx });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await mailJobs()).toHaveLength(before);

    await db.$transaction(async (tx) => mail.queue(message("committed@example.com", "http://x.test/b"), { tx }));
    await sink.waitForMail("committed@example.com");
    expect(sink.messages.some((m) => m.to && JSON.stringify(m.to).includes("rolled.back"))).toBe(false);
  });

  it("keeps the link unreadable in the queue's table", async () => {
    const link = appLink(testRuntime().env.APP_URL, "/reset-password/SeCrEtToKeN42");
    await testRuntime().mail.queue(message("sealed@example.com", link));
    const stored = JSON.stringify(await mailJobs());
    expect(stored).not.toContain("SeCrEtToKeN42");
    expect(stored).not.toContain("sealed@example.com");
    await sink.waitForMail("sealed@example.com");
  });

  it("is refused, not dropped, when SMTP is not configured", async () => {
    const { mail } = testRuntime();
    mail.useTransport(null);
    try {
      expect(mail.configured).toBe(false);
      await expect(mail.queue(message("nobody@example.com", "http://x.test/c"))).rejects.toThrow(/not configured/);
    } finally {
      mail.useTransport(createSmtpTransport(sink.url, "WorkFlux <no-reply@workflux.test>"));
    }
  });
});

describe("job queue", () => {
  const queues: JobQueue[] = [];
  const queue = () => {
    const q = new JobQueue({ ...database(), log: silent(), work: true });
    queues.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop(1000)));
  });

  it("retries a job that failed until it succeeds", async () => {
    const attempts: number[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const q = queue();
    q.define<{ n: number }>({
      name: "test.flaky",
      retryLimit: 3,
      retryDelaySeconds: 1,
      handler: async (_data, job) => {
        attempts.push(job.retryCount);
        if (job.retryCount < 1) throw new Error("first attempt fails");
        done();
      },
    });
    await q.start();
    await q.send("test.flaky", { n: 1 });
    await finished;
    expect(attempts).toEqual([0, 1]);
  });

  it("gives each job to one worker when two instances work the same queue", async () => {
    const seen: string[] = [];
    const total = 6;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    for (let instance = 0; instance < 2; instance++) {
      const q = queue();
      q.define<{ i: number }>({
        name: "test.shared",
        retryLimit: 0,
        retryDelaySeconds: 1,
        handler: async (data) => {
          seen.push(`${data.i}`);
          if (seen.length === total) done();
        },
      });
      await q.start();
    }
    for (let i = 0; i < total; i++) await queues[i % 2]!.send("test.shared", { i });
    await finished;
    // A moment more for a duplicate, if there were one, to show up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen.sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: total }, (_, i) => `${i}`));
  });

  it("hands a job another instance was stopped holding to a running one", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let startedHolding!: () => void;
    const holding = new Promise<void>((resolve) => (startedHolding = resolve));
    const stopped = queue();
    stopped.define<object>({
      name: "test.handover",
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async () => {
        startedHolding();
        await held;
        throw new Error("the instance went away mid-job");
      },
    });
    await stopped.start();
    await stopped.send("test.handover", {});
    await holding;
    const stopping = stopped.stop(1000);
    release();
    await stopping;

    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const survivor = queue();
    survivor.define<object>({
      name: "test.handover",
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async () => done(),
    });
    await survivor.start();
    await finished;
  });

  it("refuses a job for a queue it does not know", async () => {
    await expect(testRuntime().jobs.send("no.such.queue", {})).rejects.toThrow(/unknown job queue/);
  });
});
