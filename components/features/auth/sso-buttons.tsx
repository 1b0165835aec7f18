"use client";
// The single sign-on buttons of the sign-in page (SO-01): one "Continue with …" per configured
// provider, nothing when there is none. next-auth's signIn(id) does the whole round-trip (SO-02).
import { signIn } from "next-auth/react";
import { useState } from "react";

import { Button } from "@/components/ui/button";

export type SsoButtonProps = { id: string; name: string };

export function SsoButtons({ providers, callbackUrl }: { providers: SsoButtonProps[]; callbackUrl: string }) {
  const [pending, setPending] = useState<string | null>(null);
  if (providers.length === 0) return null;
  return (
    <div className="mt-6 grid gap-3" data-testid="sso-buttons">
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      {providers.map((provider) => (
        <Button
          key={provider.id}
          type="button"
          variant="outline"
          disabled={pending !== null}
          aria-busy={pending === provider.id}
          onClick={() => {
            setPending(provider.id);
            void signIn(provider.id, { callbackUrl }).catch(() => setPending(null));
          }}
        >
          {pending === provider.id ? `Redirecting to ${provider.name}…` : `Continue with ${provider.name}`}
        </Button>
      ))}
    </div>
  );
}
