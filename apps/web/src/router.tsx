import type { AnyRouter } from '@tanstack/react-router';
import { useRouterState } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';

/**
 * What pages use of the router (TanStack Router, its route tree in routes.tsx): go to an address, a link that
 * stays in the app, and where we are. The router is handed over by main.tsx, so pages do not import the route
 * tree (which imports them).
 */
let current: AnyRouter | null = null;
export function startRouting(router: AnyRouter) {
  current = router;
}

/** `scroll: false` keeps the reader's place, for a change within the page (opening a group kept in the address). */
export function navigate(to: string, options: { replace?: boolean; scroll?: boolean } = {}) {
  if (!current) throw new Error('navigate before the router started');
  void current.navigate({ href: to, replace: options.replace ?? false, resetScroll: options.scroll !== false });
}

/** The address: path, query string (with its `?`) and hash (with its `#`). */
export function useLocation(): { path: string; search: string; hash: string } {
  const location = useRouterState({ select: (s) => s.location });
  return { path: location.pathname, search: location.searchStr, hash: location.hash ? `#${location.hash}` : '' };
}

export function Link({ to, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} {...rest} />;
}
