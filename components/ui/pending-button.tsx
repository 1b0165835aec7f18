import { LoaderCircle } from "lucide-react";
import type { ReactNode } from "react";

import { Button, type ButtonProps } from "./button";

/** A button that, while `pending`, is disabled and shows a spinner and `pendingLabel` instead of its children. */
export function PendingButton({
  pending,
  pendingLabel,
  disabled,
  children,
  ...props
}: ButtonProps & { pending: boolean; pendingLabel: ReactNode }) {
  return (
    <Button disabled={pending || disabled} {...props}>
      {pending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
      {pending ? pendingLabel : children}
    </Button>
  );
}
