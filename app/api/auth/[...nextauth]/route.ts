// GET/POST /api/auth/*: next-auth's sign-in, sign-out, session and CSRF endpoints.
import NextAuth from "next-auth";
import { authOptions, SIGN_IN_UNAVAILABLE } from "@/lib/auth/options";
import { RETRY_AFTER_UNAVAILABLE_SECONDS } from "@/lib/errors";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, context: Context) {
  const response = (await NextAuth(req as never, context as never, authOptions())) as Response;
  return unavailableAs503(response);
}

/**
 * next-auth answers every failed credentials sign-in 401, including one the database could not
 * check; that one is a 503 with Retry-After (the body, which names only the error code, is kept).
 */
async function unavailableAs503(response: Response): Promise<Response> {
  if (response.status !== 401 || !response.headers.get("content-type")?.includes("json")) return response;
  const body = await response.text();
  let url: string | undefined;
  try {
    url = (JSON.parse(body) as { url?: string }).url;
  } catch {
    url = undefined;
  }
  const status = url && new URL(url).searchParams.get("error") === SIGN_IN_UNAVAILABLE ? 503 : 401;
  const headers = new Headers(response.headers);
  if (status === 503) headers.set("Retry-After", String(RETRY_AFTER_UNAVAILABLE_SECONDS));
  return new Response(body, { status, headers });
}

export { handler as GET, handler as POST };
