"use client";
// One place that owns which management dialog is open, for the list's row menus and the detail page.
import { useState } from "react";

import type { CredentialDto } from "@/lib/credentials/dto";

import { EditCredentialDialog } from "./edit-credential-dialog";
import { RevokeCredentialDialog } from "./revoke-credential-dialog";
import { RotateCredentialDialog } from "./rotate-credential-dialog";

export type CredentialDialogKind = "rotate" | "revoke" | "edit";
export type OpenCredentialDialog = (kind: CredentialDialogKind, credential: CredentialDto) => void;

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
  const open: OpenCredentialDialog = (kind, credential) => setTarget({ kind, credential });
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
        onChanged={onChanged}
      />
      <RevokeCredentialDialog
        orgSlug={orgSlug}
        credential={pick("revoke")}
        onOpenChange={closeIfFalse}
        onChanged={onChanged}
      />
      <EditCredentialDialog
        orgSlug={orgSlug}
        credential={pick("edit")}
        onOpenChange={closeIfFalse}
        onChanged={onChanged}
      />
    </>
  );
  return { open, dialogs };
}
