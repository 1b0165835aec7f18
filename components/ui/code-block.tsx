"use client";
// A shell command to copy: a labelled header with a Copy button and the command in a <pre> that
// scrolls sideways (focusable, so keyboard users can scroll a long line on a narrow screen). Its
// inline size is contained: a long line never widens the block's container, only scrolls.
import { CopyButton } from "./copy-button";

export function CodeBlock({
  id,
  code,
  copyLabel,
  label = "Shell",
}: {
  id: string;
  code: string;
  copyLabel: string;
  label?: string;
}) {
  return (
    <div className="relative min-w-0 rounded-lg border border-border bg-muted contain-inline-size">
      <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-1.5">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <CopyButton value={code} label={copyLabel} targetId={id} size="sm">
          Copy
        </CopyButton>
      </div>
      <pre id={id} tabIndex={0} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed sm:text-sm">
        <code>{code}</code>
      </pre>
    </div>
  );
}
