// Sudo mode in the browser (SS-03): a server action refused with `reauthentication_required`
// asks the person for their password (the prompt mounted by the dashboard's layout registers here)
// and then runs the same call again, so the form they filled in stays as it was and the change
// they asked for goes through. Cancelling keeps the refusal.
import type { ActionResult } from "@/lib/auth/action";

type Ask = () => Promise<boolean>;

let ask: Ask | null = null;

/** Called by the mounted prompt; returns the unregister function. */
export function registerSudoPrompt(prompt: Ask): () => void {
  ask = prompt;
  return () => {
    if (ask === prompt) ask = null;
  };
}

export async function withSudo<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const first = await call();
  if (first.ok || first.code !== "reauthentication_required" || !ask) return first;
  return (await ask()) ? call() : first;
}
