"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button, type ButtonProps } from "@/components/ui/button";

export function SignOutButton({
  variant = "outline",
  stayOnPage = false,
}: {
  variant?: ButtonProps["variant"];
  /** Re-render this page signed out instead of going to sign-in (a one-time link's page). */
  stayOnPage?: boolean;
}) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  return (
    <Button
      variant={variant}
      disabled={isPending}
      onClick={() => {
        setIsPending(true);
        if (!stayOnPage) return void signOut({ callbackUrl: "/sign-in" });
        // callbackUrl given, so next-auth does not keep this page's address (a one-time link) in its cookie.
        void signOut({ redirect: false, callbackUrl: "/" }).finally(() => {
          router.refresh();
          setIsPending(false);
        });
      }}
    >
      <LogOut aria-hidden="true" />
      {isPending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
