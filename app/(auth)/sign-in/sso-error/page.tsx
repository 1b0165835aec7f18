import type { Metadata } from "next";
import Link from "next/link";

import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";

export const metadata: Metadata = { title: "No account for this identity" };

// Where a refused single sign-on ends (SO-04). The same words whether or not an account has the
// address: an unverified address is refused before any account is looked up (SO-03).
const REASONS: Record<string, { title: string; body: string }> = {
  no_account: {
    title: "No account for this identity",
    body: "Your sign-in provider confirmed who you are, but no WorkFlux account or open invitation has this email address. Ask an owner of your organization to invite this address, then sign in again.",
  },
  account_unconfirmed: {
    title: "Confirm your email address first",
    body: "An account with this email address is waiting for its address to be confirmed. Open the confirmation link we mailed, or use “Forgot password?” on the sign-in page, then sign in with your provider again.",
  },
  email_unverified: {
    title: "No account for this identity",
    body: "Your sign-in provider did not confirm this email address, so it cannot be used to sign in to a WorkFlux account. Confirm the address with your provider, or sign in with your email and password.",
  },
};

export default async function SsoErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  const copy = REASONS[typeof reason === "string" ? reason : ""] ?? REASONS.no_account!;
  return (
    <AuthPageFrame
      title={copy.title}
      footer={
        <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
          Back to sign in
        </Link>
      }
    >
      <p role="alert" className="text-sm">
        {copy.body}
      </p>
    </AuthPageFrame>
  );
}
