"use client";
// Settings > Account > Sessions (SS-02): every browser signed in to this account, this one first
// and marked; "Sign out" ends one other session at once (its next request is signed out, on every
// instance), "Sign out other sessions" ends all but this one, each after a confirmation.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { formatDateTime } from "@/components/features/credentials/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast";
import { UNREACHABLE } from "@/components/ui/use-action-mutation";
import { endOtherSessionsAction, endSessionAction } from "@/lib/actions/account";
import type { SessionDto } from "@/lib/sessions/manage-sessions";

type Confirming = { kind: "one"; session: SessionDto } | { kind: "others" } | null;

function When({ at }: { at: string }) {
  return (
    <time dateTime={at} suppressHydrationWarning>
      {formatDateTime(at)}
    </time>
  );
}

export function SessionsList({ sessions }: { sessions: SessionDto[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const others = sessions.filter((session) => !session.current).length;

  function run(work: () => Promise<{ ok: boolean; message?: string }>, success: string) {
    startTransition(async () => {
      try {
        const result = await work();
        if (result.ok) toast.success(success);
        else toast.error(result.message ?? UNREACHABLE);
      } catch {
        toast.error(UNREACHABLE);
      }
      setConfirming(null);
      router.refresh();
    });
  }

  return (
    <div className="grid gap-3">
      <ul className="divide-y divide-border rounded-lg border border-border" aria-label="Sessions">
        {sessions.map((session) => (
          <li
            key={session.id}
            className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
            data-testid="session-row"
          >
            <div className="grid gap-0.5 text-sm">
              <p className="flex items-center gap-2 font-medium">
                {session.device}
                {session.current ? <Badge variant="success">This session</Badge> : null}
              </p>
              <p className="text-muted-foreground">
                {session.ip ?? "Unknown address"} · signed in <When at={session.createdAt} /> · last active{" "}
                <When at={session.lastSeenAt} />
              </p>
            </div>
            {session.current ? null : (
              <Button
                variant="outline"
                size="sm"
                disabled={pending}
                onClick={() => setConfirming({ kind: "one", session })}
              >
                Sign out<span className="sr-only"> {session.device}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
      <div>
        <Button variant="outline" disabled={pending || others === 0} onClick={() => setConfirming({ kind: "others" })}>
          Sign out other sessions
        </Button>
        {others === 0 ? <p className="mt-2 text-sm text-muted-foreground">No other session is signed in.</p> : null}
      </div>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => (open ? undefined : setConfirming(null))}
        title={confirming?.kind === "one" ? `Sign out ${confirming.session.device}?` : "Sign out every other session?"}
        description={
          confirming?.kind === "one"
            ? "That browser is signed out on its next request. This session stays signed in."
            : `${others} other ${others === 1 ? "session is" : "sessions are"} signed out on their next request. This session stays signed in.`
        }
        confirmLabel={confirming?.kind === "one" ? "Sign out session" : "Sign out other sessions"}
        pendingLabel="Signing out…"
        pending={pending}
        onConfirm={() => {
          if (confirming?.kind === "one") {
            const { session } = confirming;
            run(() => endSessionAction({ sessionId: session.id }), `${session.device} was signed out.`);
          } else {
            run(() => endOtherSessionsAction({}), "Every other session was signed out.");
          }
        }}
      />
    </div>
  );
}
