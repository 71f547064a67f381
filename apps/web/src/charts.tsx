import { useId } from 'react';

/**
 * Simple bar charts: the labels and values are HTML text (they wrap and scale with the page's text, at any
 * width down to 320 px), the bars SVG. The chart as a whole is one image whose text alternative names every
 * value, and the same numbers are in a table under "Show the numbers", so nothing is only in the picture.
 * Bars are blue (#1d70b8, 5:1 on white); a planned or target value is a dashed outline behind its bar.
 */
export interface Bar {
  label: string;
  value: number;
  /** A second value drawn as an outline behind the first (e.g. planned behind delivered). */
  target?: number;
}

export function BarChart({
  title,
  bars,
  unit = '',
  valueName = 'Value',
  targetName,
}: {
  title: string;
  bars: Bar[];
  unit?: string;
  valueName?: string;
  targetName?: string;
}) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}${unit}${b.target !== undefined ? ` of ${b.target}${unit} ${targetName ?? 'planned'}` : ''}`).join('; ')}`;
  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      {bars.length === 0 ? (
        <p>No data yet.</p>
      ) : (
        <div className="chart-rows" role="img" aria-label={summary}>
          {bars.map((b) => (
            <div className="chart-row" key={b.label}>
              <span className="chart-label">{b.label}</span>
              <svg className="chart-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                {b.target !== undefined && (
                  <rect x="0.5" y="0.5" width={Math.max((b.target / max) * 99, 0.5)} height="9" className="chart-target" vectorEffect="non-scaling-stroke" />
                )}
                <rect x="0" y="0" width={(b.value / max) * 100} height="10" className="chart-bar" />
              </svg>
              <span className="chart-value">
                {b.value}
                {unit}
                {b.target !== undefined ? ` / ${b.target}${unit}` : ''}
              </span>
            </div>
          ))}
        </div>
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
