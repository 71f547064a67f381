import { useId } from 'react';

/**
 * Simple SVG bar charts. Each is a figure whose SVG has a text alternative naming every value, and the same
 * numbers as a table under "Show the numbers", so nothing is only in the picture. Colours meet 3:1 against
 * white and the two series also differ in pattern (solid and outlined).
 */
export interface Bar {
  label: string;
  value: number;
  /** A second value drawn as an outline behind the first (e.g. planned behind delivered). */
  target?: number;
}

export function BarChart({ title, bars, unit = '', valueName = 'Value', targetName }: { title: string; bars: Bar[]; unit?: string; valueName?: string; targetName?: string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const rowHeight = 28;
  const labelWidth = 150;
  const width = 520;
  const plot = width - labelWidth - 60;
  const height = bars.length * rowHeight + 8;
  const summary = bars.map((b) => `${b.label}: ${b.value}${unit}${b.target !== undefined ? ` of ${b.target}${unit} ${targetName ?? 'planned'}` : ''}`).join('; ');
  return (
    <figure className="chart">
      <figcaption id={`${id}-t`}>{title}</figcaption>
      {bars.length === 0 ? (
        <p>No data yet.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
          <desc id={`${id}-d`}>{summary}</desc>
          {bars.map((b, i) => {
            const y = i * rowHeight + 4;
            const w = (b.value / max) * plot;
            const t = b.target !== undefined ? (b.target / max) * plot : null;
            return (
              <g key={b.label} aria-hidden="true">
                <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
                  {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
                </text>
                {t !== null && <rect x={labelWidth} y={y + 2} width={Math.max(t, 1)} height={rowHeight - 10} className="chart-target" />}
                <rect x={labelWidth} y={y + 2} width={Math.max(w, b.value > 0 ? 2 : 0)} height={rowHeight - 10} className="chart-bar" />
                <text x={labelWidth + Math.max(w, t ?? 0) + 6} y={y + 17} className="chart-value">
                  {b.value}
                  {unit}
                  {b.target !== undefined ? ` / ${b.target}${unit}` : ''}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {bars.length > 0 && (
        <details>
          <summary>Show the numbers</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">{valueName}</th>
                {targetName && <th scope="col">{targetName}</th>}
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.label}>
                  <th scope="row">{b.label}</th>
                  <td>
                    {b.value}
                    {unit}
                  </td>
                  {targetName && (
                    <td>
                      {b.target ?? '—'}
                      {b.target !== undefined ? unit : ''}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
