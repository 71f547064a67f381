import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A small history-API router: the app has a dozen pages, which does not need a routing library. */
const RouteContext = createContext<{ path: string; hash: string; search: string }>({ path: '/', hash: '', search: '' });
const subscribers = new Set<() => void>();

/** `scroll: false` keeps the reader's place, for a change within the page (opening a group kept in the address). */
export function navigate(to: string, options: { replace?: boolean; scroll?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  subscribers.forEach((fn) => fn());
  if (options.scroll !== false) window.scrollTo(0, 0);
}

export function RouterProvider({ children }: { children: React.ReactNode }) {
  const read = () => ({ path: window.location.pathname, hash: window.location.hash, search: window.location.search });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    subscribers.add(update);
    window.addEventListener('popstate', update);
    return () => {
      subscribers.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return <RouteContext.Provider value={location}>{children}</RouteContext.Provider>;
}

export const useLocation = () => useContext(RouteContext);

/** Matches `/app/s/:schoolId/pupils/:pupilId` style patterns; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = path.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

export function Link({ to, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} {...rest} />;
}
