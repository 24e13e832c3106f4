// The frame every dashboard list shares: a scrollable table with a caption for screen readers,
// column headers, and one row saying so when there is nothing to show. Plus the filter form's
// date range and its Apply/Reset buttons.
import type { DashT } from "@/components/dashboard/translate";

export function DataTable({ caption, headers, empty, children }: { caption: string; headers: string[]; empty: string | null; children: React.ReactNode }) {
  return (
    <div className="dash-table-wrap">
      <table className="dash-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty !== null ? (
            <tr>
              <td colSpan={headers.length} className="muted">{empty}</td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}

export function DateRangeFields({ t, idPrefix, from, to }: { t: DashT; idPrefix: string; from?: string; to?: string }) {
  return (
    <>
      <div className="dash-field">
        <label htmlFor={`${idPrefix}-from`}>{t("list.from")}</label>
        <input id={`${idPrefix}-from`} name="from" type="date" defaultValue={from ?? ""} />
      </div>
      <div className="dash-field">
        <label htmlFor={`${idPrefix}-to`}>{t("list.to")}</label>
        <input id={`${idPrefix}-to`} name="to" type="date" defaultValue={to ?? ""} />
      </div>
    </>
  );
}

export function FilterActions({ t, resetHref }: { t: DashT; resetHref: string }) {
  return (
    <div className="dash-row">
      <button className="btn" type="submit">{t("list.apply")}</button>
      <a className="btn btn-secondary" href={resetHref}>{t("list.reset")}</a>
    </div>
  );
}
