"use client";
// The confirm step of /verify-email/<token> (AC-06): the link only opens this page; pressing the
// button spends it. Mail scanners that open every link in a mail therefore confirm nothing.
import { useRouter } from "next/navigation";

import { FormError } from "@/components/ui/form-error";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { verifyEmailAction } from "@/lib/actions/account";

export function VerifyEmailButton({ token }: { token: string }) {
  const router = useRouter();
  const verify = useActionMutation(verifyEmailAction, {
    onSuccess: (data) => {
      router.replace(data.signedIn ? "/" : "/sign-in?verified=1");
      router.refresh();
    },
  });
  return (
    <div className="grid gap-4">
      <FormError error={verify.error} />
      <PendingButton
        pending={verify.pending}
        pendingLabel="Confirming…"
        className="w-full"
        onClick={() => void verify.run({ token })}
      >
        Confirm my email address
      </PendingButton>
    </div>
  );
}
