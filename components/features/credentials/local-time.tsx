"use client";
// A time shown short (a relative phrase, or the date alone) with the exact local time in a tooltip
// on hover and on keyboard focus: the element is focusable for that, and Radix links the tooltip
// to it with aria-describedby while it is open, so screen readers hear the exact time too.
import { cn } from "@/components/ui/cn";
import { Tooltip } from "@/components/ui/tooltip";

import { formatDate, formatDateTime, formatRelative } from "./format";

export function LocalTime({ iso, show, className }: { iso: string; show: "relative" | "date"; className?: string }) {
  return (
    <Tooltip content={<span suppressHydrationWarning>{formatDateTime(iso)}</span>}>
      <time
        dateTime={iso}
        tabIndex={0}
        suppressHydrationWarning
        className={cn(
          "rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
          className,
        )}
      >
        {show === "relative" ? formatRelative(iso) : formatDate(iso)}
      </time>
    </Tooltip>
  );
}
