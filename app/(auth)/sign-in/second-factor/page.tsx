// /sign-in/second-factor: a single sign-on of a user with two-factor on lands here (TF-06) and
// gives the code of their app, or a recovery code, before the session counts for anything.
import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { SecondFactorForm } from "@/components/features/auth/second-factor-form";
import { SignOutButton } from "@/components/features/auth/sign-out-button";
import { getPendingSecondFactor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Two-factor authentication" };
export const dynamic = "force-dynamic";

export default async function SecondFactorPage() {
  const pending = await getPendingSecondFactor();
  if (!pending) redirect("/sign-in");
  return (
    <AuthPageFrame
      title="Two-factor authentication"
      description={<>Signed in as {pending.email}. Enter the code your authenticator app shows for WorkFlux.</>}
      footer={<SignOutButton variant="ghost" />}
    >
      <SecondFactorForm />
    </AuthPageFrame>
  );
}
