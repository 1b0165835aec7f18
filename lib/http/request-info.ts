// The caller's address and user agent for audit events, read from the request being served. The
// address header is set by server.ts from the socket (or the trusted proxy), never by the client.
import "server-only";
import { headers } from "next/headers";
import type { RequestInfo } from "../use-case";
import { clientIpFrom } from "./client-ip";

export async function currentRequestInfo(): Promise<RequestInfo> {
  try {
    const bag = await headers();
    return { ip: clientIpFrom(bag), userAgent: bag.get("user-agent")?.slice(0, 512) ?? null };
  } catch {
    // Outside a request (scripts, tests) there is nothing to record.
    return { ip: null, userAgent: null };
  }
}
