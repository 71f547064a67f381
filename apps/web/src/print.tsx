import { longDate, todayIso } from './labels';

/** A button that opens the browser's print dialogue; itself left off the paper (print.css hides buttons). */
export function PrintButton({ label = 'Print' }: { label?: string }) {
  return (
    <p className="no-print">
      <button type="button" className="button secondary" onClick={() => window.print()}>
        {label}
      </button>
    </p>
  );
}

/** On paper only, above the page: where it came from and when, so an old printout is known for one. */
export function PrintedLine() {
  return <p className="print-only">Printed from SEN Manager on {longDate(todayIso())}. Check the app for the latest version.</p>;
}
