// The data directory lock (lib/db/process-lock.ts): a holder that answers is named at once; a
// holder that accepts but no longer answers (a killed process whose last threads are still
// exiting) is waited for, and the lock is taken the moment its socket goes.
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { acquireProcessLock, LockHeldError, lockAddress } from "@/lib/db/process-lock";

describe("process lock", () => {
  it("names a live holder at once", async () => {
    const key = `/tmp/lock-test-${randomUUID()}`;
    const held = await acquireProcessLock(key);
    try {
      await expect(acquireProcessLock(key)).rejects.toEqual(new LockHeldError(key, process.pid));
    } finally {
      await held.release();
    }
    await (await acquireProcessLock(key)).release();
  });

  it("waits for a silent holder that is going away, then takes the lock", async () => {
    const key = `/tmp/lock-test-${randomUUID()}`;
    // Accepts connections and never answers, like a process whose event loop is already gone.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(lockAddress(key), resolve));
    setTimeout(() => silent.close(), 1_500);
    const lock = await acquireProcessLock(key);
    await expect(acquireProcessLock(key)).rejects.toBeInstanceOf(LockHeldError);
    await lock.release();
  });
});
