// The words of a check result, in English and German: the scope names the wizard shows and the
// outcome message the engine writes.
import type { CheckOutcome, Localized, ScopeId } from "@/lib/providers/types";

export const scopeLabels: Record<ScopeId, Localized> = {
  employees: { en: "Employees", de: "Mitarbeitende" },
  departments: { en: "Departments", de: "Abteilungen" },
  absences: { en: "Absences", de: "Abwesenheiten" },
  attendances: { en: "Attendances", de: "Anwesenheiten" },
  documents: { en: "Documents", de: "Dokumente" },
  "ats.jobs": { en: "Jobs", de: "Stellen" },
  "ats.job_postings": { en: "Job postings", de: "Stellenausschreibungen" },
  "ats.candidates": { en: "Candidates", de: "Bewerbende" },
  "ats.applications": { en: "Applications", de: "Bewerbungen" },
  "ats.write": { en: "Write access to applicant management", de: "Schreibzugriff auf das Bewerbermanagement" },
};

function list(items: string[], lang: "en" | "de"): string {
  if (items.length <= 1) return items.join("");
  const and = lang === "de" ? " und " : " and ";
  return `${items.slice(0, -1).join(", ")}${and}${items[items.length - 1]}`;
}

export type OutcomeMessageInput = {
  provider: string;
  /** The provider's own names of the missing required permissions. */
  missingRequired?: Localized[];
  /** The provider's own names of missing optional permissions (the connection still works). */
  missingOptional?: Localized[];
  retryAfterSeconds?: number;
  /** provider_unreachable: the provider answered too slowly rather than not at all. */
  timedOut?: boolean;
  /** invalid_credentials: the provider takes a single secret (People HR's API key), not a pair. */
  singleSecret?: boolean;
};

/** One message per outcome, naming the provider and what to do next. */
export function outcomeMessage(outcome: CheckOutcome, input: OutcomeMessageInput): Localized {
  const p = input.provider;
  const names = (xs: Localized[] | undefined, lang: "en" | "de") => list((xs ?? []).map((x) => (lang === "de" ? `„${x.de}“` : `“${x.en}”`)), lang);
  switch (outcome) {
    case "ok": {
      if (input.missingOptional?.length) {
        return {
          en: `Your ${p} credentials work and every required permission is granted. Optional: ${names(input.missingOptional, "en")} is not granted; some data will not sync until you add it.`,
          de: `Ihre ${p}-Zugangsdaten funktionieren und alle erforderlichen Berechtigungen sind erteilt. Optional: ${names(input.missingOptional, "de")} ist nicht erteilt; manche Daten werden erst synchronisiert, wenn Sie dies ergänzen.`,
        };
      }
      return {
        en: `Your ${p} credentials work and every permission is granted.`,
        de: `Ihre ${p}-Zugangsdaten funktionieren und alle Berechtigungen sind erteilt.`,
      };
    }
    case "missing_scopes": {
      const n = input.missingRequired?.length ?? 0;
      return {
        en: `Your ${p} credentials work, but ${n === 1 ? "a required permission is" : `${n} required permissions are`} missing: ${names(input.missingRequired, "en")}. Grant ${n === 1 ? "it" : "them"} in ${p} as shown below, then select “Test again”.`,
        de: `Ihre ${p}-Zugangsdaten funktionieren, aber ${n === 1 ? "eine erforderliche Berechtigung fehlt" : `${n} erforderliche Berechtigungen fehlen`}: ${names(input.missingRequired, "de")}. Erteilen Sie ${n === 1 ? "sie" : "diese"} in ${p} wie unten beschrieben und wählen Sie dann „Erneut testen“.`,
      };
    }
    case "invalid_credentials":
      return input.singleSecret
        ? {
            en: `${p} did not accept this key. Check that you pasted the whole key and that it has not been deleted in ${p}, then try again.`,
            de: `${p} hat diesen Schlüssel nicht akzeptiert. Prüfen Sie, ob Sie den ganzen Schlüssel eingefügt haben und ob er in ${p} nicht gelöscht wurde, und versuchen Sie es erneut.`,
          }
        : {
            en: `${p} did not accept these credentials. Check that you pasted both values completely and that the key has not been deleted or expired in ${p}, then try again.`,
            de: `${p} hat diese Zugangsdaten nicht akzeptiert. Prüfen Sie, ob Sie beide Werte vollständig eingefügt haben und ob der Schlüssel in ${p} nicht gelöscht wurde oder abgelaufen ist, und versuchen Sie es erneut.`,
          };
    case "rate_limited": {
      const s = input.retryAfterSeconds;
      return s !== undefined
        ? {
            en: `${p} is limiting requests right now. Wait ${s} second${s === 1 ? "" : "s"} and select “Test again”.`,
            de: `${p} begrenzt gerade die Anzahl der Anfragen. Warten Sie ${s} Sekunde${s === 1 ? "" : "n"} und wählen Sie dann „Erneut testen“.`,
          }
        : {
            en: `${p} is limiting requests right now. Wait a minute and select “Test again”.`,
            de: `${p} begrenzt gerade die Anzahl der Anfragen. Warten Sie eine Minute und wählen Sie dann „Erneut testen“.`,
          };
    }
    case "provider_unreachable":
      return input.timedOut
        ? {
            en: `${p} did not answer in time. This is usually temporary: wait a moment and select “Test again”. Nothing has been saved yet.`,
            de: `${p} hat nicht rechtzeitig geantwortet. Das ist meist vorübergehend: Warten Sie kurz und wählen Sie dann „Erneut testen“. Es wurde noch nichts gespeichert.`,
          }
        : {
            en: `${p} could not be reached or reported a problem on its side. This is usually temporary: wait a few minutes and select “Test again”. Nothing has been saved yet.`,
            de: `${p} war nicht erreichbar oder hat ein Problem auf seiner Seite gemeldet. Das ist meist vorübergehend: Warten Sie einige Minuten und wählen Sie dann „Erneut testen“. Es wurde noch nichts gespeichert.`,
          };
    case "provider_error":
      return {
        en: `${p} sent an answer we could not understand, so the permissions could not be checked. Select “Test again”; if it keeps happening, contact support and mention the time of this check.`,
        de: `${p} hat eine Antwort gesendet, die wir nicht verstehen konnten, daher ließen sich die Berechtigungen nicht prüfen. Wählen Sie „Erneut testen“; wenn es wieder passiert, wenden Sie sich an den Support und nennen Sie den Zeitpunkt dieser Prüfung.`,
      };
  }
}
