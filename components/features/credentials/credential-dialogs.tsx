"use client";
// One place that owns which management dialog is open, for the list's row menus and the detail page.
// The dialogs have no Radix trigger (they open from a menu item that is gone by then, or from a
// page button), so this remembers what opened them and puts focus back there when they close.
import { useRef, useState } from "react";

import type { CredentialDto } from "@/lib/credentials/dto";

import { EditCredentialDialog } from "./edit-credential-dialog";
import { RevokeCredentialDialog } from "./revoke-credential-dialog";
import { RotateCredentialDialog } from "./rotate-credential-dialog";

export type CredentialDialogKind = "rotate" | "revoke" | "edit";
/** `returnFocusTo` gets focus back when the dialog closes; the focused element when omitted. */
export type OpenCredentialDialog = (
  kind: CredentialDialogKind,
  credential: CredentialDto,
  returnFocusTo?: HTMLElement | null,
) => void;

export function useCredentialDialogs({
  orgSlug,
  appUrl,
  onChanged,
}: {
  orgSlug: string;
  appUrl: string;
  onChanged?: () => void;
}) {
  const [target, setTarget] = useState<{ kind: CredentialDialogKind; credential: CredentialDto } | null>(null);
  const returnFocusTo = useRef<HTMLElement | null>(null);
  const open: OpenCredentialDialog = (kind, credential, trigger) => {
    const focused = document.activeElement;
    returnFocusTo.current = trigger ?? (focused instanceof HTMLElement ? focused : null);
    setTarget({ kind, credential });
  };
  // Radix would focus its (absent) trigger, leaving focus on <body>. An element that left the page
  // (a detail page's Revoke button after revoking) falls back to Radix's default. The element is
  // kept: rotate swaps its form for the reveal inside the open dialog, which fires this too.
  const onCloseAutoFocus = (event: Event) => {
    const element = returnFocusTo.current;
    if (!element?.isConnected) return;
    event.preventDefault();
    element.focus();
  };
  const closeIfFalse = (isOpen: boolean) => {
    if (!isOpen) setTarget(null);
  };
  const pick = (kind: CredentialDialogKind) => (target?.kind === kind ? target.credential : null);

  const dialogs = (
    <>
      <RotateCredentialDialog
        orgSlug={orgSlug}
        appUrl={appUrl}
        credential={pick("rotate")}
        onOpenChange={closeIfFalse}
        onCloseAutoFocus={onCloseAutoFocus}
        onChanged={onChanged}
      />
      <RevokeCredentialDialog
        orgSlug={orgSlug}
        credential={pick("revoke")}
        onOpenChange={closeIfFalse}
        onCloseAutoFocus={onCloseAutoFocus}
        onChanged={onChanged}
      />
      <EditCredentialDialog
        orgSlug={orgSlug}
        credential={pick("edit")}
        onOpenChange={closeIfFalse}
        onCloseAutoFocus={onCloseAutoFocus}
        onChanged={onChanged}
      />
    </>
  );
  return { open, dialogs };
}
