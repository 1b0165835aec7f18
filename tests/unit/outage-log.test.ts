// An outage in the log: one warning when a dependency goes away, none per failed request, one when
// a probe finds it back, with the duration and the count of requests that failed meanwhile.
import { afterEach, describe, expect, it } from "vitest";
import { unavailable } from "@/lib/errors";
import { OutageLog, reasonOf } from "@/lib/health/outage-log";

const logs: { fields: Record<string, unknown>; message: string }[] = [];
const log = { warn: (fields: object, message: string) => void logs.push({ fields: { ...fields }, message }) };
const running: OutageLog[] = [];

afterEach(() => {
  logs.length = 0;
  for (const outage of running.splice(0)) outage.stop();
});

const prismaDown = new Error(
  "\nInvalid `prisma.apiKey.findUnique()` invocation:\n\n\nCan't reach database server at 127.0.0.1:5432",
);

describe("OutageLog", () => {
  it("logs one warning for 500 failures, then one when the probe answers again", async () => {
    let up = false;
    let clock = 1_000;
    const outages = new OutageLog(
      log,
      async () => {
        if (!up) throw new Error("still down");
      },
      () => clock,
    );
    running.push(outages);
    for (let i = 0; i < 500; i++) outages.failed(unavailable("credential storage", prismaDown));
    expect(logs).toEqual([
      {
        fields: { dependency: "credential storage", reason: "Can't reach database server at 127.0.0.1:5432" },
        message: "credential storage unavailable; answering 503",
      },
    ]);

    await outages.check();
    expect(logs).toHaveLength(1);

    up = true;
    clock += 12_000;
    await outages.check();
    expect(logs[1]).toEqual({
      fields: { dependency: "credential storage", downForMs: 12_000, failedRequests: 500 },
      message: "credential storage available again",
    });

    // A new outage is a new warning.
    outages.failed(unavailable("credential storage", prismaDown));
    expect(logs).toHaveLength(3);
  });

  it("keeps one outage per dependency", () => {
    const outages = new OutageLog(log, () => Promise.reject(new Error("down")));
    running.push(outages);
    outages.failed(unavailable("signing keys"));
    outages.failed(unavailable("token revocations"));
    outages.failed(unavailable("signing keys"));
    expect(logs.map((l) => l.message)).toEqual([
      "signing keys unavailable; answering 503",
      "token revocations unavailable; answering 503",
    ]);
  });

  it("names the reason by the last line of the message, never a stack", () => {
    expect(reasonOf(prismaDown)).toBe("Can't reach database server at 127.0.0.1:5432");
    expect(reasonOf(undefined)).toBe("unknown");
  });
});
