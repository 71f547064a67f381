import { Outlet, createRootRoute, createRoute, createRouter, useMatches, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, hasSession, must, onSessionChange, refreshSession } from './api/client';
import { CalendarFeedPage } from './features/interventions/CalendarFeed';
import { CataloguePage } from './features/interventions/Catalogue';
import { NewGroupPage } from './features/interventions/NewGroup';
import { ReviewRecordPage } from './features/plans/ReviewRecord';
import { SchoolCalendarPage } from './features/interventions/SchoolCalendar';
import { ProfessionalReportsPage } from './features/plans/ProfessionalReports';
import { PupilDetailsPage } from './features/register/PupilDetails';
import { CensusCheckPage } from './features/reports/CensusCheck';
import { AcceptInvitation } from './pages/AcceptInvitation';
import { ConfirmEmail } from './pages/email-change';
import { Home } from './pages/Home';
import { Login } from './pages/Login';
import { ForgotPassword, ResetPassword } from './pages/password-reset';
import { SharedPage } from './pages/shared';
import { navigate, startRouting, useLocation } from './router';
import { Layout, MeContext, type Me } from './ui';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** Which item of the navigation the page belongs to ('' for none). */
    nav?: string;
  }
}

export type PageComponent = (props: { params: Record<string, string> }) => React.ReactNode;
/** A signed-in page: its address (`:name` for a parameter), its navigation item, and the page. */
export type PageRoute = [string, string, PageComponent];

/** The address's parameters, all strings (a page checks its own ids; the API refuses one that is not a UUID). */
function useStringParams(): Record<string, string> {
  const params: Record<string, unknown> = useParams({ strict: false });
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The signed-in part of the app: the account is read once (and on an explicit reload), a lost session goes to
 * the sign-in page with the address to come back to, and each page renders inside the layout, fresh per path
 * (its own loading and form state).
 */
function SignedIn() {
  const { path } = useLocation();
  const nav = useMatches({ select: (matches) => matches.at(-1)?.staticData.nav ?? '' });
  const schoolId = useStringParams().schoolId;
  const [me, setMe] = useState<Me | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const off = onSessionChange(() => {
      if (!hasSession()) navigate(`/app/login?next=${encodeURIComponent(window.location.pathname)}`, { replace: true });
    });
    return () => void off();
  }, []);
  useEffect(() => {
    let live = true;
    (async () => {
      if (!hasSession() && !(await refreshSession())) {
        navigate(`/app/login?next=${encodeURIComponent(window.location.pathname)}`, { replace: true });
        return;
      }
      const data = must(await api.GET('/v1/me'));
      if (live) setMe(data);
    })().catch(() => navigate('/app/login', { replace: true }));
    return () => {
      live = false;
    };
    // Only on first load and explicit reloads: pages re-render on navigation without re-reading the account.
  }, [tick]);
  if (!me) return <p role="status">Loading…</p>;
  return (
    <MeContext.Provider value={{ me, reload: () => setTick((t) => t + 1) }}>
      <Layout schoolId={schoolId} current={nav}>
        <div key={path}>
          <Outlet />
        </div>
      </Layout>
    </MeContext.Provider>
  );
}

function ToApp() {
  useEffect(() => navigate('/app', { replace: true }), []);
  return null;
}

function Shared() {
  return <SharedPage token={useStringParams().token ?? ''} />;
}

/**
 * The app's routes on TanStack Router: the public pages (sign-in, invitations, reset and confirm links, a
 * professional's shared link), then every signed-in page of `pages` under one layout. An address that matches
 * nothing, signed in, shows the home page, as before.
 */
export function buildRouter(pages: PageRoute[]) {
  const root = createRootRoute({ component: Outlet });
  const publicPage = (path: string, component: () => React.ReactNode) => createRoute({ getParentRoute: () => root, path, component });
  const signedIn = createRoute({ getParentRoute: () => root, id: 'signed-in', component: SignedIn });
  const signedInPages = [...pages, ...FIRST_TERM_PAGES].map(([pattern, nav, Page]) =>
    createRoute({
      getParentRoute: () => signedIn,
      path: pattern.replace(/:(\w+)/g, '$$$1'),
      staticData: { nav },
      component: function RoutedPage() {
        return <Page params={useStringParams()} />;
      },
    }),
  );
  const tree = root.addChildren([
    publicPage('/', ToApp),
    publicPage('/invitations/accept', AcceptInvitation),
    publicPage('/shared/$token', Shared),
    publicPage('/app/login', Login),
    publicPage('/app/forgot-password', ForgotPassword),
    publicPage('/app/reset-password', ResetPassword),
    publicPage('/app/confirm-email', ConfirmEmail),
    signedIn.addChildren([
      createRoute({ getParentRoute: () => signedIn, path: '/app', component: Home }),
      ...signedInPages,
      createRoute({ getParentRoute: () => signedIn, path: '$', component: Home }),
    ]),
  ]);
  const router = createRouter({ routeTree: tree });
  startRouting(router);
  return router;
}

/** The screens a SENCO's first term needs that came after the `ROUTES` table (issue 23), kept together here. */
const FIRST_TERM_PAGES: PageRoute[] = [
  ['/app/s/:schoolId/pupils/:pupilId/details', 'register', PupilDetailsPage],
  ['/app/s/:schoolId/school-year', 'interventions', SchoolCalendarPage],
  ['/app/s/:schoolId/intervention-catalogue', 'interventions', CataloguePage],
  ['/app/s/:schoolId/intervention-groups/new', 'interventions', NewGroupPage],
  ['/app/s/:schoolId/pupils/:pupilId/reviews/:cycleId', 'register', ReviewRecordPage],
  ['/app/s/:schoolId/calendar-feed', 'sessions', CalendarFeedPage],
  ['/app/s/:schoolId/census-check', 'register', CensusCheckPage],
  ['/app/s/:schoolId/pupils/:pupilId/professional-reports', 'register', ProfessionalReportsPage],
];
