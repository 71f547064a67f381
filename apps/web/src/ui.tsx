import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { PrintedLine } from './print';
import { ProblemError, api, logout, logoutEverywhere, must, type Schemas } from './api/client';
import { Link, navigate } from './router';

export type Me = Schemas['MeDto'];
export type Role = 'senco' | 'head' | 'teacher' | 'parent' | 'trust_lead';

export const MeContext = createContext<{ me: Me; reload: () => void } | null>(null);
export function useMe() {
  const ctx = useContext(MeContext);
  if (!ctx) throw new Error('useMe outside the signed-in app');
  return ctx;
}

export function rolesIn(me: Me, schoolId: string): Role[] {
  return (me.schools.find((s) => s.schoolId === schoolId)?.roles ?? []) as Role[];
}

/** Runs an action, keeping its error and busy state for the form that started it. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}

/** Sets the document title and moves focus to the page heading on navigation (screen readers hear the new page). */
export function Page({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – SEN Manager`;
    heading.current?.focus();
  }, [title]);
  return (
    <div className={wide ? 'page page-wide' : 'page'}>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </div>
  );
}

export function ErrorSummary({ error }: { error: Error | null | undefined }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const fields = error instanceof ProblemError ? (error.problem.errors ?? []) : [];
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>There is a problem</h2>
      <p>{error.message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f, i) => (
            <li key={i}>{[f.field, f.message].filter(Boolean).join(': ')}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A page's load: the error summary if it failed, "Loading…" until the data comes, then the page. Takes a TanStack
 * Query result as it is (its error is `unknown`: only an Error is shown, a failure that is not one is still loading).
 */
export function Loading<T>({ state, children }: { state: { data: T | undefined; error: unknown }; children: (data: T) => ReactNode }) {
  if (state.error instanceof Error) return <ErrorSummary error={state.error} />;
  if (state.data === undefined) return <p role="status">Loading…</p>;
  return <>{children(state.data)}</>;
}

type FieldProps = { label: string; hint?: string; error?: string | null; children: (id: string, describedBy: string | undefined) => ReactNode };
export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      {children(id, describedBy)}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  name?: string;
  inputMode?: 'numeric';
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(id, describedBy) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          required={props.required}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: { label: string; value: string; onChange: (v: string) => void; hint?: string; rows?: number }) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(id, describedBy) => (
        <textarea id={id} rows={props.rows ?? 3} value={props.value} aria-describedby={describedBy} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </Field>
  );
}

export function Select(props: { label: string; value: string; onChange: (v: string) => void; options: Record<string, string>; empty?: string; hint?: string }) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(id, describedBy) => (
        <select id={id} value={props.value} aria-describedby={describedBy} onChange={(e) => props.onChange(e.target.value)}>
          {props.empty !== undefined && <option value="">{props.empty}</option>}
          {Object.entries(props.options).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Tag({ children, tone }: { children: ReactNode; tone?: 'red' | 'green' | 'blue' | 'grey' | 'yellow' }) {
  return <strong className={`tag tag-${tone ?? 'blue'}`}>{children}</strong>;
}

const NAV: Record<Role, [string, string][]> = {
  senco: [
    ['register', 'Register'],
    ['flags', 'Red flags'],
    ['ehc-requests', 'EHC requests'],
    ['ehc-reviews', 'EHC reviews'],
    ['import', 'Import'],
    ['interventions', 'Interventions'],
    ['notices', 'Notices'],
    ['report', 'SEN report'],
    ['settings', 'Settings'],
    ['inbox', 'Inbox'],
    ['staff', 'Staff'],
  ],
  head: [
    ['dashboard', 'Dashboard'],
    ['register', 'Register'],
    ['ehc-reviews', 'EHC reviews'],
    ['flags', 'Red flags'],
    ['report', 'SEN report'],
    ['retention', 'Retention'],
    ['inbox', 'Inbox'],
    ['sso', 'Single sign-on'],
    ['two-factor', 'Two-factor'],
    ['staff', 'Staff'],
  ],
  trust_lead: [
    ['dashboard', 'Dashboard'],
    ['trust', 'Trust'],
    ['trust-settings', 'Trust sign-in'],
  ],
  teacher: [
    ['sessions', 'My sessions'],
    ['pupils', 'My pupils'],
    ['inbox', 'Inbox'],
  ],
  parent: [
    ['children', 'My child'],
    ['inbox', 'Messages'],
    ['preferences', 'Contact choices'],
  ],
};

export function navFor(roles: Role[]): [string, string][] {
  const seen = new Map<string, string>();
  for (const role of ['senco', 'head', 'trust_lead', 'teacher', 'parent'] as const) {
    if (roles.includes(role)) for (const [path, label] of NAV[role]) if (!seen.has(path)) seen.set(path, label);
  }
  return [...seen.entries()];
}

export function Layout({ schoolId, children, current }: { schoolId?: string; children: ReactNode; current: string }) {
  const { me } = useMe();
  const roles = schoolId ? rolesIn(me, schoolId) : [];
  const signOut = async (everywhere: boolean) => {
    await (everywhere ? logoutEverywhere() : logout());
    navigate('/app/login', { replace: true });
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="header">
        <div className="header-inner">
          <Link to="/app" className="brand">
            SEN Manager
          </Link>
          <nav aria-label="Main">
            <ul>
              {schoolId &&
                navFor(roles).map(([path, label]) => (
                  <li key={path}>
                    <Link to={`/app/s/${schoolId}/${path}`} aria-current={current === path ? 'page' : undefined}>
                      {label}
                    </Link>
                  </li>
                ))}
            </ul>
          </nav>
          <details className="account">
            <summary>
              <span className="visually-hidden">Account: </span>
              {me.displayName}
            </summary>
            <div className="account-menu">
              <Link to="/app/two-factor">Two-factor sign-in</Link>
              <Link to="/app/account">Your account</Link>
              {schoolId && roles.some((r) => r === 'teacher' || r === 'senco' || r === 'head') && (
                <Link to={`/app/s/${schoolId}/preferences`}>Notification settings</Link>
              )}
              <button type="button" className="button-link" onClick={() => void signOut(false)}>
                Sign out
              </button>
              <button type="button" className="button-link" onClick={() => void signOut(true)}>
                Sign out on every device
              </button>
            </div>
          </details>
        </div>
      </header>
      <main id="main" className="main">
        <PrintedLine />
        {children}
      </main>
    </>
  );
}

/** Saves a file fetched through the session (it has no public address a plain link could point at). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Download the evidence pack (PDF)": the pupil's record for an EHC needs assessment request, through the session. */
export function EvidencePackButton({ schoolId, pupilId, label }: { schoolId: string; pupilId: string; label: string }) {
  const { busy, error, run } = useAction();
  return (
    <>
      <ErrorSummary error={error} />
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const res = await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/evidence-pack', {
              params: { path: { schoolId, pupilId }, query: { format: 'pdf' } },
              parseAs: 'blob',
            });
            downloadBlob(must(res), 'evidence-pack.pdf');
          })
        }
      >
        {label}
      </button>
    </>
  );
}

/**
 * A table in a labelled region that scrolls sideways on a narrow screen (and can be focused to scroll it by
 * keyboard), with its column headings; the rows are the children.
 */
export function DataTable({ label, columns, children }: { label: string; columns: string[]; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Previous and next for an offset-paged list, with where the reader is ("Page 2 of 40"); nothing when one page holds it all. */
export function Pager({
  label,
  page,
  pageSize,
  total,
  onPage,
}: {
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label={`Pages of ${label}`} className="pager">
      <button type="button" className="button secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" className="button secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}

/** "Showing 51 to 100 of 1,204" for a page of a longer list. */
export const pageRange = (p: { offset: number; total: number; items: unknown[] }, noun: string) =>
  p.total === 0
    ? `No ${noun} match.`
    : `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${(p.offset + 1).toLocaleString('en-GB')} to ${(p.offset + p.items.length).toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')}`;
