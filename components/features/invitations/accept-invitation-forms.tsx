"use client";
// The accept page's two forms (IV-04): a new user chooses a name and a password (the invitation
// proves the address, shown read-only), is signed in and lands in the organization; a signed-in
// user whose address matches joins with one button. The token stays in these props and the
// action's input: it never goes into another URL.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";

import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { acceptInvitationAsNewUserAction, acceptInvitationAsUserAction } from "@/lib/actions/invitations";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/password-rules";

const orgPath = (orgSlug: string) => `/${encodeURIComponent(orgSlug)}`;

export function CreateAccountForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  // The password just chosen, for the sign-in that follows; kept only until then.
  const password = useRef("");
  const accept = useActionMutation(acceptInvitationAsNewUserAction, {
    onSuccess: async (data) => {
      // The account exists now; signing in is the ordinary sign-in with the password just chosen.
      const signedIn = await signIn<"credentials">("credentials", {
        email: data.email,
        password: password.current,
        redirect: false,
        callbackUrl: "/",
      });
      password.current = "";
      if (!signedIn?.ok || signedIn.error) router.replace("/sign-in");
      else router.replace(orgPath(data.orgSlug));
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    password.current = String(form.get("password") ?? "");
    void accept.run({
      token,
      name: String(form.get("name") ?? ""),
      password: password.current,
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <FormError error={accept.fieldError("name", "password", "confirmPassword") ? null : accept.error} />
      <FormField label="Email" description="The invitation is for this address.">
        <Input name="email" type="email" value={email} readOnly autoComplete="username" />
      </FormField>
      <FormField label="Your name" error={accept.fieldError("name")}>
        <Input name="name" autoComplete="name" maxLength={100} required autoFocus />
      </FormField>
      <FormField
        label="Password"
        description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={accept.fieldError("password")}
      >
        <Input name="password" type="password" autoComplete="new-password" required />
      </FormField>
      <FormField label="Confirm password" error={accept.fieldError("confirmPassword")}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <PendingButton type="submit" pending={accept.pending} pendingLabel="Creating your account…" className="w-full">
        Create account and join
      </PendingButton>
    </form>
  );
}

export function JoinButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const join = useActionMutation(acceptInvitationAsUserAction, {
    onSuccess: (data) => {
      router.replace(orgPath(data.orgSlug));
      router.refresh();
    },
  });
  return (
    <div className="grid gap-4">
      <FormError error={join.error} />
      <PendingButton
        pending={join.pending}
        pendingLabel="Joining…"
        className="w-full"
        onClick={() => void join.run({ token })}
      >
        Join {orgName}
      </PendingButton>
    </div>
  );
}
