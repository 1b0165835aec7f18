// Runs a server action (an ActionResult, see lib/auth/action.ts) from a client component: a refusal
// becomes `error` (and `fieldErrors`), a thrown error (the request never got an answer) becomes
// UNREACHABLE, and only a success reaches `onSuccess`, where callers invalidate, toast and close.
// `pending` is react-query's isPending: true while the action runs, not while onSuccess does.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import type { ActionResult } from "@/lib/auth/action";

import { withSudo } from "./sudo";

export const UNREACHABLE = "Couldn't reach the server. Check your connection and try again.";
/** The shorter wording of the key detail page's inline actions (End now, Dismiss). */
export const UNREACHABLE_RETRY = "Couldn't reach the server. Try again.";

export type FieldErrors = Record<string, string[]>;

export type ActionMutationOptions<I, T> = {
  /** After a success; awaited inside the same try, so a throw here also shows the unreachable message. */
  onSuccess?: (data: T, input: I) => void | Promise<void>;
  /** After a refusal or a thrown error, with the message also put in `error`. */
  onError?: (message: string) => void;
  /** The message when the action throws; UNREACHABLE unless given. */
  unreachableMessage?: string;
  /** react-query's gcTime of the result; 0 for results that carry a secret. */
  gcTime?: number;
};

export function useActionMutation<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  { onSuccess, onError, unreachableMessage = UNREACHABLE, gcTime }: ActionMutationOptions<I, T> = {},
) {
  // A change that needs a recent sign-in asks for the password and then goes on (SS-03).
  const mutation = useMutation({
    mutationFn: (input: I) => withSudo(() => action(input)),
    ...(gcTime === undefined ? {} : { gcTime }),
  });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  function fail(message: string, fields: FieldErrors = {}) {
    setError(message);
    setFieldErrors(fields);
    onError?.(message);
  }

  /** Resolves to the action's data on success, and to undefined after a refusal or a thrown error. */
  async function run(input: I): Promise<T | undefined> {
    setError(null);
    setFieldErrors({});
    try {
      const result = await mutation.mutateAsync(input);
      if (!result.ok) return void fail(result.message, result.fieldErrors);
      await onSuccess?.(result.data, input);
      return result.data;
    } catch {
      fail(unreachableMessage);
      return undefined;
    }
  }

  function reset() {
    mutation.reset();
    setError(null);
    setFieldErrors({});
  }

  return {
    run,
    /** The data of the last success, until reset. */
    data: mutation.data?.ok ? mutation.data.data : undefined,
    error,
    fieldErrors,
    /** The first message the server gave for any of `names` (e.g. "expiry.date", "expiry"). */
    fieldError: (...names: string[]) => names.map((name) => fieldErrors[name]?.[0]).find(Boolean),
    /** Forgets the server's messages for `names`, e.g. once the user edits that field. */
    clearFieldError: (...names: string[]) =>
      setFieldErrors((current) =>
        names.some((name) => name in current)
          ? Object.fromEntries(Object.entries(current).filter(([name]) => !names.includes(name)))
          : current,
      ),
    pending: mutation.isPending,
    reset,
    setError,
  };
}
