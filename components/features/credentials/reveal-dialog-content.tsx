"use client";
// The reveal step of create and rotate: the Client ID and the Client Secret, shown once.
// "Done, I've saved it" closes; Esc or a click outside asks first (OneTimeDialogContent).
import { OneTimeDialogContent } from "@/components/ui/one-time-dialog-content";

import { SecretReveal } from "./secret-reveal";

export type RevealDialogContentProps = {
  title: string;
  description: string;
  clientId: string;
  clientSecret: string;
  appUrl: string;
  onDone: () => void;
  onCloseAutoFocus?: (event: Event) => void;
};

const CLOSE_WARNING = {
  title: "Close without saving the secret?",
  detail: "It cannot be shown again; you would have to rotate the key to get a new one.",
};

export function RevealDialogContent({ clientId, clientSecret, appUrl, ...dialog }: RevealDialogContentProps) {
  return (
    <OneTimeDialogContent {...dialog} closeWarning={CLOSE_WARNING} doneLabel="Done, I've saved it">
      <SecretReveal clientId={clientId} clientSecret={clientSecret} appUrl={appUrl} />
    </OneTimeDialogContent>
  );
}
