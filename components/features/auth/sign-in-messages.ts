// What the sign-in page says about a failed sign-in, for the form (after signIn()) and for the page
// itself (next-auth's redirect after a form posted without JavaScript).
// One message for every credential failure, so the form never reveals whether an account exists.
const INVALID_CREDENTIALS = "Incorrect email or password.";
const RATE_LIMITED = "Too many sign-in attempts. Try again in a few minutes.";
const UNAVAILABLE = "Sign-in is briefly unavailable. Try again in a moment.";
const FORM_EXPIRED = "This sign-in form has expired. Reload the page and try again.";
const WRONG_SECOND_FACTOR = "That code didn't work. Enter the newest code from your app, or an unused recovery code.";

/** next-auth's error when the password was right and the account has two-factor on (TF-04). */
export const SECOND_FACTOR_REQUIRED = "second_factor_required";
const SSO_FAILED = "Single sign-on did not complete. Try again, or sign in with your email and password.";
// next-auth's codes for a provider round-trip that failed (a refused consent, a state or PKCE
// check, the provider unreachable): not a password failure, so not the password message.
const SSO_ERRORS = new Set([
  "OAuthSignin",
  "OAuthCallback",
  "OAuthCreateAccount",
  "Callback",
  "AccessDenied",
  "Configuration",
]);

/** What the form says for each way next-auth reports a failed sign-in. */
export function signInFailureMessage(result: { error?: string | null; url?: string | null } | undefined): string {
  if (result?.error === "rate_limited") return RATE_LIMITED;
  if (result?.error === "unavailable") return UNAVAILABLE;
  if (result?.error === "invalid_second_factor") return WRONG_SECOND_FACTOR;
  if (result?.error && SSO_ERRORS.has(result.error)) return SSO_FAILED;
  // A refused CSRF token comes back without an error code, as a redirect to the sign-in page.
  if (!result?.error && result?.url && new URL(result.url, "http://x").searchParams.has("csrf")) return FORM_EXPIRED;
  return INVALID_CREDENTIALS;
}
