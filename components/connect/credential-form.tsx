"use client";
// The credential form, loaded only when the admin reaches it (react-hook-form, zod and the provider
// registry stay out of the wizard's first screen). Validation is the provider's own zod schema —
// the one the server checks again — plus each field's length limit, so over-long input is refused
// here before any request and again on the server before any provider call.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, type FieldErrors, type Resolver } from "react-hook-form";
import { Alert, Button, Field } from "@/components/ui";
import { getProvider, parseHrworksKeyFile } from "@/lib/providers";
import type { WizardField, WizardProvider } from "./types";

type Values = Record<string, string>;

type Props = {
  provider: WizardProvider;
  initialValues: Values | null;
  /** Who pre-filled the provider's `prefill.values` (the vendor's name): said beside each such field. */
  prefilledBy?: string;
  serverFieldErrors?: Record<string, string[]>;
  busy: boolean;
  /** Seconds until a refused attempt (rate limit) may be repeated: the submit button waits for it. */
  waitSeconds: number;
  onSubmit: (values: Values) => void;
  onBack: () => void;
};

export default function CredentialForm({ provider, initialValues, prefilledBy, serverFieldErrors, busy, waitSeconds, onSubmit, onBack }: Props) {
  const t = useTranslations("connect.form");
  const tc = useTranslations("connect.common");
  const [revealed, setRevealed] = useState<Record<string, boolean>>({});
  const [keyFile, setKeyFile] = useState<"filled" | "invalid" | null>(null);
  const schema = getProvider(provider.id)?.fields;

  const resolver: Resolver<Values> = async (raw) => {
    const values: Values = {};
    const errors: FieldErrors<Values> = {};
    for (const f of provider.fields) {
      const v = (raw[f.name] ?? "").trim() === "" ? "" : raw[f.name]!;
      if (v.length > f.maxLength) errors[f.name] = { type: "maxLength", message: t("tooLong", { max: f.maxLength }) };
      else if (v) values[f.name] = v;
      else if (!f.optional) errors[f.name] = { type: "required", message: t("required") };
    }
    if (!Object.keys(errors).length && schema) {
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const k = String(issue.path[0] ?? "");
          const max = issue.code === "too_big" ? Number((issue as { maximum?: unknown }).maximum) : NaN;
          errors[k] ??= { type: "schema", message: !values[k] ? t("required") : Number.isFinite(max) ? t("tooLong", { max }) : t("invalid") };
        }
      }
    }
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };

  const {
    register,
    handleSubmit,
    setValue,
    setFocus,
    formState: { errors },
  } = useForm<Values>({
    resolver,
    defaultValues: Object.fromEntries(provider.fields.map((f) => [f.name, initialValues?.[f.name] ?? ""])),
    shouldFocusError: true,
  });

  const isHrworks = provider.id === "hrworks";
  /** A pasted HR WORKS key file fills both key fields; anything else pastes normally. */
  const fillFromKeyFile = (text: string): boolean => {
    const pair = parseHrworksKeyFile(text);
    if (!pair) return false;
    setValue("accessKey", pair.accessKey, { shouldValidate: true });
    setValue("secretAccessKey", pair.secretAccessKey, { shouldValidate: true });
    setKeyFile("filled");
    return true;
  };

  const errorOf = (f: WizardField) => errors[f.name]?.message ?? serverFieldErrors?.[f.name]?.[0];

  return (
    <form className="lk-form" noValidate onSubmit={handleSubmit((v) => onSubmit(v))}>
      {provider.fields.map((f) => {
        const reg = register(f.name);
        const shown = !!revealed[f.name];
        // A value the vendor pre-filled stays editable; the admin is told where it came from.
        const prefilled = prefilledBy && provider.prefill?.values[f.name] ? t("prefilled", { workspace: prefilledBy }) : "";
        const help = [prefilled, f.help].filter(Boolean).join(" ") || undefined;
        return (
          <Field key={f.name} id={`lk-f-${f.name}`} label={f.label} labelHint={f.optional ? t("optional") : undefined} help={help} error={errorOf(f)}>
            {(aria) =>
              f.multiline ? (
                <textarea {...aria} {...reg} className="ui-input ui-textarea" rows={3} placeholder={f.placeholder} spellCheck={false} autoComplete="off" />
              ) : (
                <span className="ui-input-row">
                  <input
                    {...aria}
                    {...reg}
                    className="ui-input"
                    type={f.secret && !shown ? "password" : "text"}
                    placeholder={f.placeholder}
                    autoComplete="off"
                    autoCapitalize="off"
                    autoCorrect="off"
                    spellCheck={false}
                    data-1p-ignore
                    data-lpignore="true"
                    onPaste={
                      isHrworks
                        ? (e) => {
                            if (fillFromKeyFile(e.clipboardData.getData("text"))) e.preventDefault();
                          }
                        : undefined
                    }
                  />
                  {f.secret ? (
                    <button
                      type="button"
                      className="ui-btn ui-btn-secondary ui-reveal"
                      aria-pressed={shown}
                      aria-label={shown ? t("hideLabel", { field: f.label }) : t("showLabel", { field: f.label })}
                      onClick={() => setRevealed((r) => ({ ...r, [f.name]: !r[f.name] }))}
                    >
                      {shown ? t("hide") : t("show")}
                    </button>
                  ) : null}
                </span>
              )
            }
          </Field>
        );
      })}

      {isHrworks ? (
        <details className="lk-keyfile">
          <summary>{t("keyFileLabel")}</summary>
          <Field id="lk-keyfile" label={t("keyFileLabel")} help={t("keyFileHelp")}>
            {(aria) => (
              <textarea
                {...aria}
                className="ui-input ui-textarea"
                rows={3}
                maxLength={10_000}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => {
                  const text = e.target.value;
                  if (!text.trim()) return setKeyFile(null);
                  if (fillFromKeyFile(text)) {
                    // The file's contents are now in the two fields; do not keep a second copy.
                    e.target.value = "";
                    setFocus("secretAccessKey");
                  } else setKeyFile("invalid");
                }}
              />
            )}
          </Field>
        </details>
      ) : null}
      {keyFile === "filled" ? (
        <Alert tone="success">
          <p>{t("keyFileFilled")}</p>
        </Alert>
      ) : keyFile === "invalid" ? (
        <Alert tone="warning">
          <p>{t("keyFileInvalid")}</p>
        </Alert>
      ) : null}

      {provider.fields.some((f) => f.secret) ? <p className="ui-help lk-secret-note">{t("secretNote")}</p> : null}
      {waitSeconds > 0 ? (
        <p className="lk-wait" role="status" aria-live="polite" data-testid="wait">
          {t("waitFor", { seconds: waitSeconds })}
        </p>
      ) : null}
      <div className="lk-actions">
        <Button type="submit" busy={busy} disabled={waitSeconds > 0}>
          {t("submit")}
        </Button>
        <Button variant="secondary" onClick={onBack} disabled={busy}>
          {tc("back")}
        </Button>
      </div>
    </form>
  );
}
