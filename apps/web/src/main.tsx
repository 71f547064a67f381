import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './api/query';
import { api, hasSession, must, onSessionChange, refreshSession } from './api/client';
import { AcceptInvitation } from './pages/AcceptInvitation';
import { Children, ChildPage } from './pages/parent';
import { Dashboard, ReportPage, TrustPage } from './pages/head';
import { Home } from './pages/Home';
import { GroupPage, Groups, Preferences } from './pages/groups';
import { Inbox } from './pages/Inbox';
import { Login } from './pages/Login';
import { ForgotPassword, ResetPassword } from './pages/password-reset';
import { ConfirmEmail } from './pages/email-change';
import { Notices } from './pages/notices';
import { Retention } from './pages/retention';
import { StaffDirectory } from './pages/staff-directory';
import { StaffImportPage } from './pages/staff-import';
import { EhcRequestPage, EhcRequests } from './pages/ehc-requests';
import { Settings } from './pages/settings';
import { TwoFactorPage } from './pages/two-factor';
import { TwoFactorPolicyPage } from './pages/two-factor-policy';
import { Flags } from './pages/flags';
import { EhcReviewPage, EhcReviews } from './pages/ehc-reviews';
import { ImportPage } from './pages/import';
import { PupilPage } from './features/register/PupilPage';
import { RegisterPage } from './features/register/RegisterPage';
import { SharedPage } from './pages/shared';
import { PlanEditor } from './pages/plans/editor';
import { ReviewPage } from './pages/plans/review';
import { MySessions, TaughtPupils } from './pages/teacher';
import { SsoSettings } from './pages/sso-settings';
import { PlatformAdmin } from './pages/platform-admin';
import { Account } from './pages/account';
import { navigate, RouterProvider, match, useLocation } from './router';
import { Layout, MeContext, type Me } from './ui';
import './styles.css';
import { TrustSettings } from './pages/trust-settings';
import { PupilOapPage } from './features/oap/PupilOap';
import { FrameworkImportPage } from './features/oap/FrameworkImport';

type PageComponent = (props: { params: Record<string, string> }) => React.ReactNode;
const ROUTES: [string, string, PageComponent][] = [
  ['/app/s/:schoolId/register', 'register', RegisterPage],
  ['/app/s/:schoolId/import', 'import', ImportPage],
  ['/app/s/:schoolId/flags', 'flags', Flags],
  ['/app/s/:schoolId/pupils/:pupilId', 'register', PupilPage],
  ['/app/s/:schoolId/pupils/:pupilId/plan/:cycleId', 'register', PlanEditor],
  ['/app/s/:schoolId/pupils/:pupilId/review/:cycleId', 'register', ReviewPage],
  ['/app/s/:schoolId/sessions', 'sessions', MySessions],
  ['/app/s/:schoolId/pupils', 'pupils', TaughtPupils],
  ['/app/s/:schoolId/children', 'children', Children],
  ['/app/s/:schoolId/children/:pupilId', 'children', ChildPage],
  ['/app/s/:schoolId/inbox', 'inbox', Inbox],
  ['/app/s/:schoolId/dashboard', 'dashboard', Dashboard],
  ['/app/s/:schoolId/report', 'report', ReportPage],
  ['/app/s/:schoolId/trust', 'trust', TrustPage],
  ['/app/s/:schoolId/interventions', 'interventions', Groups],
  ['/app/s/:schoolId/interventions/:groupId', 'interventions', GroupPage],
  ['/app/s/:schoolId/preferences', 'preferences', Preferences],
  ['/app/s/:schoolId/notices', 'notices', Notices],
  ['/app/s/:schoolId/retention', 'retention', Retention],
  ['/app/s/:schoolId/ehc-reviews', 'ehc-reviews', EhcReviews],
  ['/app/s/:schoolId/ehc-reviews/:reviewId', 'ehc-reviews', EhcReviewPage],
  ['/app/s/:schoolId/settings', 'settings', Settings],
  ['/app/s/:schoolId/ehc-requests', 'ehc-requests', EhcRequests],
  ['/app/s/:schoolId/ehc-requests/:requestId', 'ehc-requests', EhcRequestPage],
  ['/app/s/:schoolId/sso', 'sso', SsoSettings],
  ['/app/admin', 'admin', PlatformAdmin],
  ['/app/two-factor', '', TwoFactorPage],
  ['/app/s/:schoolId/two-factor', 'two-factor', TwoFactorPolicyPage],
  ['/app/account', 'account', Account],
  ['/app/s/:schoolId/staff', 'staff', StaffDirectory],
  ['/app/s/:schoolId/staff/import', 'staff', StaffImportPage],
  ['/app/s/:schoolId/trust-settings', 'trust-settings', TrustSettings],
  ['/app/s/:schoolId/pupils/:pupilId/oap', 'register', PupilOapPage],
  ['/app/s/:schoolId/children/:pupilId/oap', 'children', PupilOapPage],
  ['/app/admin/oap', 'admin', FrameworkImportPage],
];

function SignedIn({ path }: { path: string }) {
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
        navigate(`/app/login?next=${encodeURIComponent(path)}`, { replace: true });
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
  let content: React.ReactNode = null;
  let current = '';
  let schoolId: string | undefined;
  for (const [pattern, nav, Component] of ROUTES) {
    const params = match(pattern, path);
    if (params) {
      current = nav;
      schoolId = params.schoolId;
      content = <Component params={params} />;
      break;
    }
  }
  if (!content) content = <Home />;
  return (
    <MeContext.Provider value={{ me, reload: () => setTick((t) => t + 1) }}>
      <Layout schoolId={schoolId} current={current}>
        {/* A key per path: each page starts fresh (its own loading and form state). */}
        <div key={path}>{content}</div>
      </Layout>
    </MeContext.Provider>
  );
}

function App() {
  const { path } = useLocation();
  useEffect(() => {
    if (path === '/') navigate('/app', { replace: true });
  }, [path]);
  if (path === '/invitations/accept') return <AcceptInvitation />;
  if (path.startsWith('/shared/')) return <SharedPage token={path.slice('/shared/'.length)} />;
  if (path === '/app/login') return <Login />;
  if (path === '/app/forgot-password') return <ForgotPassword />;
  if (path === '/app/reset-password') return <ResetPassword />;
  if (path === '/app/confirm-email') return <ConfirmEmail />;
  if (path === '/') return null;
  return <SignedIn path={path} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <App />
      </RouterProvider>
    </QueryClientProvider>
  </StrictMode>,
);
