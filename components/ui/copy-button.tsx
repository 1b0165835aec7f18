"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";

import { Button, type ButtonProps } from "./button";
import { cn } from "./cn";

const COPIED_FEEDBACK_MS = 2000;
const MANUAL_HINT_MS = 10_000;

export type CopyButtonProps = {
  /** The exact text put on the clipboard. */
  value: string;
  /** What is copied, e.g. "Client ID"; the button's accessible name becomes "Copy Client ID". */
  label: string;
  /**
   * Id of the visible element that shows `value` (an input, textarea, `<pre>` or `<code>`). Without
   * a clipboard API (plain-HTTP self-hosting) its text is selected for Ctrl/Cmd+C. Omit it when the
   * visible text differs from `value` (e.g. a masked secret); a read-only field is shown instead.
   */
  targetId?: string;
  /** Visible text next to the icon; icon-only when omitted. */
  children?: ReactNode;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  className?: string;
};

type CopyState = "idle" | "copied" | "manual";

/**
 * Copies `value`. `navigator.clipboard` only exists in secure contexts (HTTPS or localhost), so on
 * other origins it selects the text and tells the user which shortcut to press. Results are
 * announced in a polite live region.
 */
export function CopyButton({
  value,
  label,
  targetId,
  children,
  variant = "outline",
  size,
  className,
}: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  const [announcement, setAnnouncement] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fallbackInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    if (state === "manual" && !targetId) fallbackInput.current?.select();
  }, [state, targetId]);

  function show(next: CopyState, message: string, durationMs: number) {
    clearTimeout(timer.current);
    setState(next);
    setAnnouncement(message);
    timer.current = setTimeout(() => {
      setState("idle");
      setAnnouncement("");
    }, durationMs);
  }

  async function copy() {
    if (window.isSecureContext && navigator.clipboard) {
      try {
        await navigator.clipboard.writeText(value);
        show("copied", "Copied", COPIED_FEEDBACK_MS);
        return;
      } catch {
        // Permission denied or the document lost focus: fall through to manual copying.
      }
    }
    if (targetId) selectTarget(targetId);
    const shortcut = /Mac|iPhone|iPad|iPod/.test(navigator.userAgent) ? "Cmd+C" : "Ctrl+C";
    show("manual", `${label} selected. Press ${shortcut} to copy.`, MANUAL_HINT_MS);
  }

  const Icon = state === "copied" ? Check : Copy;

  return (
    <span className={cn("inline-flex flex-wrap items-center gap-2", className)}>
      <Button
        variant={variant}
        size={size ?? (children ? "sm" : "icon-sm")}
        aria-label={`Copy ${label}`}
        onClick={copy}
      >
        <Icon aria-hidden="true" className={state === "copied" ? "text-success-foreground" : undefined} />
        {children}
      </Button>
      {state === "manual" && !targetId ? (
        <input
          ref={fallbackInput}
          readOnly
          value={value}
          aria-label={label}
          onFocus={(event) => event.currentTarget.select()}
          className="h-8 w-48 max-w-full rounded-md border border-input bg-muted px-2 font-mono text-xs"
        />
      ) : null}
      <span role="status" className={state === "manual" ? "text-xs text-muted-foreground" : "sr-only"}>
        {announcement}
      </span>
    </span>
  );
}

function selectTarget(targetId: string) {
  const target = document.getElementById(targetId);
  if (!target) return;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    target.focus();
    target.select();
    return;
  }
  const selection = window.getSelection();
  selection?.removeAllRanges();
  const range = document.createRange();
  range.selectNodeContents(target);
  selection?.addRange(range);
}
