"use client";
// "Resend the link" on the check-inbox page (AC-06): a new 24-hour link, under the throttle of the
// account pages' mails (AC-02); the older link stops working.
import { useRouter } from "next/navigation";
import { useState } from "react";

import { FormError } from "@/components/ui/form-error";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { resendVerificationAction } from "@/lib/actions/account";

export function ResendVerificationButton() {
  const router = useRouter();
  const [sent, setSent] = useState(false);
  // Nothing sent: the address was confirmed meanwhile (another tab), and the page moves on.
  const resend = useActionMutation(resendVerificationAction, {
    onSuccess: (data) => (data.sent ? setSent(true) : router.refresh()),
  });
  return (
    <div className="grid gap-2">
      <PendingButton
        type="button"
        pending={resend.pending}
        pendingLabel="Sending…"
        onClick={() => {
          setSent(false);
          void resend.run({});
        }}
      >
        Resend the link
      </PendingButton>
      <div role="status" className="empty:hidden">
        {sent ? <p>A new link is on its way. The earlier one no longer works.</p> : null}
      </div>
      <FormError error={resend.error} />
    </div>
  );
}
