// A deadline on a database read. A connection that was silently partitioned (packets dropped, the
// socket never closed) leaves a query waiting for minutes until TCP gives up; reads on a request's
// path give up after their deadline instead, so the request is answered 503 at once (RL-04).
/** A request-path lookup (a key, a revoked jti) the database has not answered by then is a 503. */
export const LOOKUP_DEADLINE_MS = 750;

export class DeadlineExceededError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer from the database within ${ms} ms`);
    this.name = "DeadlineExceededError";
  }
}

export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
