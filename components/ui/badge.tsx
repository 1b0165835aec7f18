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
        production: "border-orange-300 bg-orange-50 text-orange-900",
        staging: "border-amber-300 bg-amber-50 text-amber-900",
        development: "border-blue-200 bg-blue-50 text-blue-900",
        success: "border-green-300 bg-green-50 text-green-900",
        warning: "border-amber-300 bg-amber-50 text-amber-900",
        destructive: "border-red-300 bg-red-50 text-red-900",
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
