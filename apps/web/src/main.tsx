import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './api/query';
import { Children, ChildPage } from './pages/parent';
import { Dashboard, ReportPage, TrustPage } from './pages/head';
import { GroupPage, Groups } from './pages/groups';
import { ContactPreferencesPage } from './features/notifications/ContactPreferences';
import { Inbox } from './pages/Inbox';
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
import { PlanEditor } from './pages/plans/editor';
import { ReviewPage } from './pages/plans/review';
import { MySessions, TaughtPupils } from './pages/teacher';
import { SsoSettings } from './pages/sso-settings';
import { PlatformAdmin } from './pages/platform-admin';
import { Account } from './pages/account';
import { RouterProvider } from '@tanstack/react-router';
import { buildRouter, type PageRoute } from './route-tree';
import './styles.css';
import { TrustSettings } from './pages/trust-settings';
import { PupilOapPage } from './features/oap/PupilOap';
import { FrameworkImportPage, TrustFrameworkImportPage } from './features/oap/FrameworkImport';
import { SchoolOfferPage } from './features/oap/SchoolOffer';

const ROUTES: PageRoute[] = [
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
  ['/app/s/:schoolId/preferences', 'preferences', ContactPreferencesPage],
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
  ['/app/s/:schoolId/oap-offer', 'register', SchoolOfferPage],
  ['/app/s/:schoolId/trust-oap', 'trust', TrustFrameworkImportPage],
];

const router = buildRouter(ROUTES);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
