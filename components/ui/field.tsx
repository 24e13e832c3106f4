import type { ReactNode } from "react";

type Props = {
  id: string;
  label: ReactNode;
  /** e.g. "(optional)" */
  labelHint?: ReactNode;
  help?: ReactNode;
  error?: string;
  children: (aria: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => ReactNode;
};

/** A label, the control (given the ids to wire up), help text and an error, in that order. */
export function Field({ id, label, labelHint, help, error, children }: Props) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`ui-field${error ? " ui-field-invalid" : ""}`}>
      <label htmlFor={id} className="ui-label">
        {label}
        {labelHint ? <span className="ui-label-hint"> {labelHint}</span> : null}
      </label>
      {help ? (
        <p id={helpId} className="ui-help">
          {help}
        </p>
      ) : null}
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {error ? (
        <p id={errorId} className="ui-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
