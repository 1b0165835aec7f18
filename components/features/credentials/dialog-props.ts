import type { CredentialDto } from "@/lib/credentials/dto";

/** What the list and the detail page pass to the edit, rotate and revoke dialogs. */
export type CredentialDialogProps = {
  orgSlug: string;
  /** The key to act on; null closes the dialog. */
  credential: CredentialDto | null;
  onOpenChange: (open: boolean) => void;
  /** Radix's close auto-focus event, to put focus back on what opened the dialog. */
  onCloseAutoFocus?: (event: Event) => void;
  onChanged?: () => void;
};
