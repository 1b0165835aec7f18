"use client";
// A monospace value that never wraps: cut to the width it is given with an ellipsis, the whole
// value in a tooltip on hover and on keyboard focus (it is focusable for that), and always whole in
// the DOM, so screen readers, find-in-page and copying a selection get all of it.
import { cn } from "./cn";
import { Tooltip } from "./tooltip";

export function TruncatedCode({ value, className }: { value: string; className?: string }) {
  return (
    <Tooltip content={<code className="font-mono">{value}</code>}>
      <code
        tabIndex={0}
        className={cn(
          "block min-w-0 truncate rounded-sm font-mono text-xs",
          "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
          className,
        )}
      >
        {value}
      </code>
    </Tooltip>
  );
}
