"use client";

import { Tooltip as TooltipPrimitive } from "radix-ui";
import type { ComponentProps, ReactElement, ReactNode } from "react";

import { cn } from "./cn";

/*
 * Radix Tooltip: opens on hover and on keyboard focus, closes on Esc, and links its text to the
 * trigger with aria-describedby while open. Supplementary only: whatever it says must also be
 * reachable without it (the trigger's own text or accessible name), since touch screens never
 * show it. Each tooltip carries its own provider, so callers need no app-wide one.
 */
export function Tooltip({
  content,
  children,
  side = "top",
  delayDuration = 300,
  className,
}: {
  content: ReactNode;
  /** One focusable element (a button, or a non-interactive element with tabIndex={0}). */
  children: ReactElement;
  side?: ComponentProps<typeof TooltipPrimitive.Content>["side"];
  delayDuration?: number;
  className?: string;
}) {
  return (
    <TooltipPrimitive.Provider delayDuration={delayDuration}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            sideOffset={4}
            collisionPadding={8}
            className={cn(
              "z-50 max-w-[calc(100vw-1rem)] rounded-md bg-primary px-2 py-1 text-xs break-all text-primary-foreground shadow-md",
              className,
            )}
          >
            {content}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
