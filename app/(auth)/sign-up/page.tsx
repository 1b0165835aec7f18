// /sign-up: create an account and the organization it owns (AC-06). The page exists only when
// the operator set ALLOW_SIGNUP=true; otherwise it answers 404 like any unknown path.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { SignUpForm } from "@/components/features/account/sign-up-form";
import { getSessionUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/runtime/current";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (!getEnv().ALLOW_SIGNUP) notFound();
  // Someone signed in already has an account; "/" takes them where they belong.
  if (await getSessionUser()) redirect("/");
  return (
    <SignUpForm
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
            Sign in
          </Link>
        </>
      }
    />
  );
}
