import { Foundation1763888000000 } from './1763888000000-foundation.js';
import { Register1763900000000 } from './1763900000000-register.js';
import { Plans1764000000000 } from './1764000000000-plans.js';
import { Interventions1764100000000 } from './1764100000000-interventions.js';
import { Notifications1764200000000 } from './1764200000000-notifications.js';
import { Reports1764300000000 } from './1764300000000-reports.js';
import { ReportRenders1764400000000 } from './1764400000000-report-renders.js';
import { PupilVisibility1764500000000 } from './1764500000000-pupil-visibility.js';
import { PrincipalLookup1764600000000 } from './1764600000000-principal-lookup.js';
import { PlanPupilIndexes1764700000000 } from './1764700000000-plan-pupil-indexes.js';
import { Privacy1764800000000 } from './1764800000000-privacy.js';
import { ImportGoLive1765000000000 } from './1765000000000-import-go-live.js';
import { StatutoryRecipients1765030000000 } from './1765030000000-statutory-recipients.js';
import { StatutoryFidelity1765050000000 } from './1765050000000-statutory-fidelity.js';
import { EraseYoungPersonContact1765060000000 } from './1765060000000-erase-young-person-contact.js';
import { EhcRequests1765070000000 } from './1765070000000-ehc-requests.js';
import { EhcPlans1765075000000 } from './1765075000000-ehc-plans.js';
import { Sso1765100000000 } from './1765100000000-sso.js';
import { TwoFactor1765105000000 } from './1765105000000-two-factor.js';
import { SessionDevices1765110000000 } from './1765110000000-session-devices.js';
import { StaffLeavers1765115000000 } from './1765115000000-staff-leavers.js';
import { Sharing1765125000000 } from './1765125000000-sharing.js';
import { Passkeys1765140000000 } from './1765140000000-passkeys.js';
import { AccountEmails1765145000000 } from './1765145000000-account-emails.js';
import { StaffImport1765150000000 } from './1765150000000-staff-import.js';
import { Documents1765155000000 } from './1765155000000-documents.js';
import { TrustSignIn1765160000000 } from './1765160000000-trust-sign-in.js';
import { PlatformAudit1765165000000 } from './1765165000000-platform-audit.js';
import { StaffMappings1765170000000 } from './1765170000000-staff-mappings.js';
import { DocumentsForParents1765180000000 } from './1765180000000-documents-for-parents.js';
import { ProfessionalUploads1765181000000 } from './1765181000000-professional-uploads.js';
import { DocumentContext1765182000000 } from './1765182000000-document-context.js';
import { TrustDiscovery1765175000000 } from './1765175000000-trust-discovery.js';
import { PlatformMail1765176000000 } from './1765176000000-platform-mail.js';
import { TrustInvitations1765177000000 } from './1765177000000-trust-invitations.js';
import { Oap1765190000000 } from './1765190000000-oap.js';
import { StaffNotificationSettings1765260000000 } from './1765260000000-staff-notification-settings.js';
import { CitusKeys1765270000000 } from './1765270000000-citus-keys.js';
import { PlatformMailTables1765280000000 } from './1765280000000-platform-mail-tables.js';
import { OapSchoolOffer1765250000000 } from './1765250000000-oap-school-offer.js';
import { SchoolTimezoneFixed1765290000000 } from './1765290000000-school-timezone-fixed.js';
import { OapOfferUpdate1765300000000 } from './1765300000000-oap-offer-update.js';
import { KeyedVisibility1765310000000 } from './1765310000000-keyed-visibility.js';
import { PrincipalStamp1765320000000 } from './1765320000000-principal-stamp.js';

/** Every migration, in order. Listed explicitly rather than globbed, so ESM and bundling need no magic. */
export const allMigrations = [
  Foundation1763888000000,
  Register1763900000000,
  Plans1764000000000,
  Interventions1764100000000,
  Notifications1764200000000,
  Reports1764300000000,
  ReportRenders1764400000000,
  PupilVisibility1764500000000,
  PrincipalLookup1764600000000,
  PlanPupilIndexes1764700000000,
  Privacy1764800000000,
  ImportGoLive1765000000000,
  StatutoryRecipients1765030000000,
  StatutoryFidelity1765050000000,
  EraseYoungPersonContact1765060000000,
  EhcRequests1765070000000,
  EhcPlans1765075000000,
  Sso1765100000000,
  TwoFactor1765105000000,
  SessionDevices1765110000000,
  StaffLeavers1765115000000,
  Sharing1765125000000,
  Passkeys1765140000000,
  AccountEmails1765145000000,
  StaffImport1765150000000,
  Documents1765155000000,
  TrustSignIn1765160000000,
  PlatformAudit1765165000000,
  StaffMappings1765170000000,
  TrustDiscovery1765175000000,
  PlatformMail1765176000000,
  TrustInvitations1765177000000,
  DocumentsForParents1765180000000,
  ProfessionalUploads1765181000000,
  DocumentContext1765182000000,
  Oap1765190000000,
  OapSchoolOffer1765250000000,
  StaffNotificationSettings1765260000000,
  CitusKeys1765270000000,
  PlatformMailTables1765280000000,
  SchoolTimezoneFixed1765290000000,
  OapOfferUpdate1765300000000,
  KeyedVisibility1765310000000,
  PrincipalStamp1765320000000,
];
