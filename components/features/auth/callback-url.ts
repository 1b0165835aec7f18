/**
 * Where to send the user after signing in. Only same-origin paths are allowed ("/x", not "//evil.example"
 * or "/\evil.example", which browsers treat as another host), so the sign-in page cannot be used as an
 * open redirect.
 */
export function safeCallbackUrl(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(value)) return "/";
  return value;
}
