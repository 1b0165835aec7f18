"use client";
// Settings > Account > Sign-in methods (SO-06): the single sign-on identities linked to this
// account, each with Unlink after a confirmation. The server refuses the last way in (no password
// and one identity); the button says so beforehand too.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { formatDateTime } from "@/components/features/credentials/format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { UNREACHABLE } from "@/components/ui/use-action-mutation";
import { unlinkIdentityAction } from "@/lib/actions/identities";

export type SignInMethod = {
  id: string;
  providerName: string;
  email: string | null;
  createdAt: string;
  lastUsedAt: string | null;
};

function When({ at }: { at: string }) {
  return (
    <time dateTime={at} suppressHydrationWarning>
      {formatDateTime(at)}
    </time>
  );
}

export function SignInMethods({ methods, hasPassword }: { methods: SignInMethod[]; hasPassword: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<SignInMethod | null>(null);
  const isLast = !hasPassword && methods.length <= 1;

  if (methods.length === 0)
    return <p className="text-sm text-muted-foreground">No single sign-on provider is linked to this account.</p>;

  return (
    <div className="grid gap-3">
      <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Sign-in methods">
        {methods.map((method) => (
          <li
            key={method.id}
            className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
            data-testid="sign-in-method-row"
          >
            <div className="grid gap-0.5 text-sm">
              <p className="font-medium">{method.providerName}</p>
              <p className="text-muted-foreground">
                {method.email ?? "No email address"} · linked <When at={method.createdAt} /> · last used{" "}
                {method.lastUsedAt ? <When at={method.lastUsedAt} /> : "never"}
              </p>
            </div>
            <Button variant="outline" size="sm" disabled={pending || isLast} onClick={() => setConfirming(method)}>
              Unlink<span className="sr-only"> {method.providerName}</span>
            </Button>
          </li>
        ))}
      </ul>
      {isLast ? (
        <p className="text-sm text-muted-foreground">
          This is your only way to sign in, so it cannot be unlinked until you set a password.
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => (open ? undefined : setConfirming(null))}
        title={`Unlink ${confirming?.providerName ?? "this provider"}?`}
        description="You will no longer be able to sign in with it, until it is linked again by signing in with a verified address."
        confirmLabel="Unlink"
        pendingLabel="Unlinking…"
        variant="destructive"
        pending={pending}
        onConfirm={() => {
          const method = confirming;
          if (!method) return;
          startTransition(async () => {
            try {
              const result = await unlinkIdentityAction({ identityId: method.id });
              if (result.ok) toast.success(`${method.providerName} was unlinked.`);
              else toast.error(result.message ?? UNREACHABLE);
            } catch {
              toast.error(UNREACHABLE);
            }
            setConfirming(null);
            router.refresh();
          });
        }}
      />
    </div>
  );
}
