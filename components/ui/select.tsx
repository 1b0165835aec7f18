// A native <select> over a list of values: the platform's own picker (right on phones and for
// screen readers), styled like the inputs, with an optional disabled placeholder shown while no
// value is chosen. `onValueChange` gets the chosen value with its type.
import type { ComponentProps, ReactNode } from "react";

import { cn } from "./cn";

export function Select<T extends string>({
  options,
  optionLabel,
  placeholder,
  onValueChange,
  className,
  ...props
}: Omit<ComponentProps<"select">, "onChange" | "children"> & {
  options: readonly T[];
  optionLabel: (option: T) => ReactNode;
  placeholder?: string;
  onValueChange: (value: T) => void;
}) {
  return (
    <select
      onChange={(event) => onValueChange(event.currentTarget.value as T)}
      className={cn(
        "h-10 rounded-md border border-input bg-background px-3 text-base aria-invalid:border-destructive sm:text-sm",
        className,
      )}
      {...props}
    >
      {placeholder !== undefined ? (
        <option value="" disabled>
          {placeholder}
        </option>
      ) : null}
      {options.map((option) => (
        <option key={option} value={option}>
          {optionLabel(option)}
        </option>
      ))}
    </select>
  );
}
