import type { ComponentProps } from "react";

import { cn } from "./cn";

/**
 * A placeholder block. It is hidden from assistive technology: put `aria-busy="true"` and a text
 * such as "Loading…" on the region that contains skeletons instead.
 */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}
