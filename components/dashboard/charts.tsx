// The Insights page's charts: SVG drawn on the server (React server components, no client code),
// scaled with d3-scale and stacked with d3-shape. Each chart's picture is hidden from assistive
// technology and paired with a table of the same numbers (visually hidden), so a screen reader
// reads the data, not the shapes. Labels are the caller's, already translated.
import { scaleBand, scaleLinear } from "d3-scale";
import { stack } from "d3-shape";

export type Series = { key: string; label: string; color: string };

const fmt = (lang: string, n: number) => n.toLocaleString(lang);

/**
 * Horizontal bars, one per row: a funnel, or the permissions most often missing. `note` is shown
 * after the value (e.g. the drop from the step before).
 */
export function BarList({
  title,
  lang,
  rows,
  headers,
  empty,
  color = "var(--accent)",
}: {
  title: string;
  lang: string;
  rows: Array<{ label: string; value: number; note?: string }>;
  headers: [string, string, string?];
  empty: string;
  color?: string;
}) {
  const rowH = 30;
  const labelW = 300;
  const width = 720;
  const height = Math.max(rows.length, 1) * rowH + 8;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...rows.map((r) => r.value))])
    .range([0, width - labelW - 150]);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([4, height - 4])
    .padding(0.2);
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <svg className="chart-svg" viewBox={`0 0 ${width} ${height}`} width="100%" aria-hidden="true" focusable="false">
            {rows.map((r, i) => (
              <g key={i} transform={`translate(0, ${y(i)})`}>
                <text x={labelW - 8} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="chart-label">
                  {/* A long label is cut to fit; the pointer shows it whole (and the table has it). */}
                  {r.label.length > 46 ? <title>{r.label}</title> : null}
                  {r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label}
                </text>
                <rect x={labelW} width={Math.max(x(r.value), r.value ? 2 : 0)} height={y.bandwidth()} rx={3} fill={color} />
                <text x={labelW + x(r.value) + 6} y={y.bandwidth() / 2} dy="0.35em" className="chart-value">
                  {fmt(lang, r.value)}
                  {r.note ? ` · ${r.note}` : ""}
                </text>
              </g>
            ))}
          </svg>
          <table className="visually-hidden">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{headers[0]}</th>
                <th scope="col">{headers[1]}</th>
                {headers[2] ? <th scope="col">{headers[2]}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.label}</th>
                  <td>{fmt(lang, r.value)}</td>
                  {headers[2] ? <td>{r.note ?? ""}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}

/** Stacked columns per day (UTC), one segment per series, with a legend. */
export function DailyStack({
  title,
  lang,
  days,
  series,
  values,
  dayHeader,
  totalHeader,
  empty,
}: {
  title: string;
  lang: string;
  /** Every day of the range, YYYY-MM-DD, oldest first. */
  days: string[];
  series: Series[];
  /** values[day][series key] */
  values: Record<string, Record<string, number>>;
  dayHeader: string;
  totalHeader: string;
  empty: string;
}) {
  const width = 720;
  const height = 220;
  const m = { top: 10, right: 10, bottom: 28, left: 44 };
  const table = days.map((d) => ({ day: d, ...Object.fromEntries(series.map((s) => [s.key, values[d]?.[s.key] ?? 0])) })) as Array<Record<string, number> & { day: string }>;
  const total = (r: Record<string, number>) => series.reduce((a, s) => a + (r[s.key] ?? 0), 0);
  const max = Math.max(0, ...table.map(total));
  const layers = stack<Record<string, number>>().keys(series.map((s) => s.key))(table);
  const x = scaleBand<string>()
    .domain(days)
    .range([m.left, width - m.right])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(1, max)])
    .nice(4)
    .range([height - m.bottom, m.top]);
  const ticks = y.ticks(4).filter((t) => Number.isInteger(t));
  const every = Math.max(1, Math.ceil(days.length / 8));
  const shortDay = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString(lang, { day: "numeric", month: "short", timeZone: "UTC" });
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {max === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <ul className="chart-legend" aria-hidden="true">
            {series.map((s) => (
              <li key={s.key}>
                <span className="chart-swatch" style={{ background: s.color }} />
                {s.label}
              </li>
            ))}
          </ul>
          <svg className="chart-svg" viewBox={`0 0 ${width} ${height}`} width="100%" aria-hidden="true" focusable="false">
            {ticks.map((t) => (
              <g key={t} transform={`translate(0, ${y(t)})`}>
                <line x1={m.left} x2={width - m.right} className="chart-grid" />
                <text x={m.left - 6} dy="0.35em" textAnchor="end" className="chart-tick">
                  {fmt(lang, t)}
                </text>
              </g>
            ))}
            {layers.map((layer, li) => (
              <g key={series[li]!.key} fill={series[li]!.color}>
                {layer.map((seg, i) => (seg[1] > seg[0] ? <rect key={days[i]} x={x(days[i]!)} width={x.bandwidth()} y={y(seg[1])} height={y(seg[0]) - y(seg[1])} /> : null))}
              </g>
            ))}
            {days.map((d, i) =>
              i % every === 0 ? (
                <text key={d} x={(x(d) ?? 0) + x.bandwidth() / 2} y={height - m.bottom + 16} textAnchor="middle" className="chart-tick">
                  {shortDay(d)}
                </text>
              ) : null,
            )}
          </svg>
          <table className="visually-hidden">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{dayHeader}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">{s.label}</th>
                ))}
                <th scope="col">{totalHeader}</th>
              </tr>
            </thead>
            <tbody>
              {table
                .filter((r) => total(r) > 0)
                .map((r) => (
                  <tr key={r.day}>
                    <th scope="row">{shortDay(r.day)}</th>
                    {series.map((s) => (
                      <td key={s.key}>{fmt(lang, r[s.key] ?? 0)}</td>
                    ))}
                    <td>{fmt(lang, total(r))}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
