// What every use case accepts besides its actor and input: the database (or a transaction's
// caller's client), the clock, and the request's address and user agent for the audit log.
import type { Db } from "./db/client";

export type RequestInfo = { ip: string | null; userAgent: string | null };

export type UseCaseOptions = { db?: Db; now?: Date; request?: RequestInfo };
