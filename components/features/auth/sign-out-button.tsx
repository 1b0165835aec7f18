"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";

import { Button, type ButtonProps } from "@/components/ui/button";

export function SignOutButton({ variant = "outline" }: { variant?: ButtonProps["variant"] }) {
  const [isPending, setIsPending] = useState(false);
  return (
    <Button
      variant={variant}
      disabled={isPending}
      onClick={() => {
        setIsPending(true);
        void signOut({ callbackUrl: "/sign-in" });
      }}
    >
      <LogOut aria-hidden="true" />
      {isPending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
