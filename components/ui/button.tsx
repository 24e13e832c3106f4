import type { ButtonHTMLAttributes } from "react";
import { Spinner } from "./spinner";

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "ghost";
  /** Shows a spinner and disables the button; the label stays for screen readers. */
  busy?: boolean;
};

export function Button({ variant = "primary", busy = false, className, children, disabled, type = "button", ...rest }: Props) {
  return (
    <button
      type={type}
      className={["ui-btn", `ui-btn-${variant}`, className].filter(Boolean).join(" ")}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <Spinner size={16} /> : null}
      {children}
    </button>
  );
}
