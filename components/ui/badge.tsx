import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";

import { cn } from "./cn";

/*
 * Colours only reinforce the word inside the badge ("Production", "Revoked"); a badge must always
 * carry its meaning as text, never colour alone. All pairs meet 4.5:1 contrast.
 */
export const badgeVariants = cva(
  "inline-flex w-fit shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap [&_svg]:size-3",
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        outline: "border-border text-foreground",
        production: "border-production-border bg-production-surface text-production-foreground",
        staging: "border-warning-border bg-warning-surface text-warning-foreground",
        development: "border-info-border bg-info-surface text-info-foreground",
        success: "border-success-border bg-success-surface text-success-foreground",
        warning: "border-warning-border bg-warning-surface text-warning-foreground",
        destructive: "border-danger-border bg-danger-surface text-danger-foreground",
        muted: "border-border bg-muted text-muted-foreground",
      },
    },
    defaultVariants: { variant: "outline" },
  },
);

export type BadgeProps = ComponentProps<"span"> & VariantProps<typeof badgeVariants>;

export function Badge({ className, variant, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />;
}
