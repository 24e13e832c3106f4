import { forwardRef, type ReactNode } from "react";

type Props = {
  tone: "error" | "warning" | "success" | "info";
  title?: ReactNode;
  children?: ReactNode;
  /** Errors interrupt (role=alert); the others are polite status messages. */
  live?: boolean;
};

const icons = { error: "!", warning: "!", success: "✓", info: "i" } as const;

export const Alert = forwardRef<HTMLDivElement, Props>(function Alert({ tone, title, children, live = true }, ref) {
  const role = live ? (tone === "error" ? "alert" : "status") : undefined;
  return (
    <div ref={ref} tabIndex={-1} className={`ui-alert ui-alert-${tone}`} role={role}>
      <span className="ui-alert-icon" aria-hidden="true">
        {icons[tone]}
      </span>
      <div className="ui-alert-body">
        {title ? <p className="ui-alert-title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
});
