import { AuditEvent, PlatformAuditEvent } from '#libs/audit';
import { Invitation, Membership, RefreshSession, TrustInvitation, TrustMembership, User } from '#libs/auth';
import { OutboxEvent, PlatformOutboxEvent } from '#libs/outbox';
import { Contact, ImportBatch, Pupil, PupilContact, SavedImportMapping, SenStatusEntry, StaffClass } from '#libs/register';
import { School, Trust } from '#libs/tenancy';
import { StaffLeaver } from '#libs/staff';
import { PendingStaffClass, StaffImportBatch } from '#libs/staff';
import {
  CalendarFeed,
  GroupEnrolment,
  GroupSlot,
  GroupStaff,
  Intervention,
  InterventionGroup,
  InterventionSession,
  SchoolClosure,
  SchoolTerm,
  SenBudget,
  SessionAttendance,
  SessionCorrection,
} from '#libs/interventions';
import { Delivery, InboxMessage, PlatformDelivery, ReviewReminder, StaffNotificationSetting } from '#libs/notifications';
import { AccessEvent, RetentionItem, SubjectAccessExport } from '#libs/privacy';
import { ReportRender, SenReport } from '#libs/reports';
import { EhcRequest, EhcRequestEvent, EhcRequestReminder } from '#libs/ehc-requests';
import { EhcPlan, EhcReview, EhcReviewInvitee, EhcReviewReminder } from '#libs/ehc-plans';
import { SsoConfig } from '#libs/sso';
import { TrustSsoConfig } from '#libs/sso';
import { TrustTwoFactorPolicy } from '#libs/auth';
import { RecoveryCode, SignInChallenge, TotpFactor, TwoFactorPolicy } from '#libs/auth';
import { ProfessionalShare, Referral, ShareCode, ShareItem, ShareView, SharedReport } from '#libs/sharing';
import { UserPasskey, WebauthnChallenge } from '#libs/auth';
import { AccountToken } from '#libs/auth';
import { FileBlob, FileChunk, PupilDocument } from '#libs/attachments';
import { PlanContribution, PlanCycle, PlanProvision, PlanReview, PlanTarget, PlanVersion, ProfessionalReport, ReviewOutcome } from '#libs/plans';
import { OapAdjustment, OapExpectation, OapFramework, OapNotApplicable, OapSchoolExpectation } from '#libs/oap';

/** Every entity, for the data source of the apps, the migration runner and the drift check. */
export const allEntities = [
  Trust,
  School,
  User,
  Membership,
  TrustMembership,
  RefreshSession,
  Invitation,
  AuditEvent,
  PlatformAuditEvent,
  OutboxEvent,
  PlatformOutboxEvent,
  Pupil,
  SenStatusEntry,
  Contact,
  PupilContact,
  StaffClass,
  ImportBatch,
  SavedImportMapping,
  PlanCycle,
  PlanVersion,
  PlanTarget,
  PlanProvision,
  PlanReview,
  ReviewOutcome,
  ProfessionalReport,
  PlanContribution,
  Intervention,
  SchoolTerm,
  SchoolClosure,
  SenBudget,
  InterventionGroup,
  GroupStaff,
  GroupSlot,
  GroupEnrolment,
  InterventionSession,
  SessionAttendance,
  SessionCorrection,
  CalendarFeed,
  Delivery,
  PlatformDelivery,
  InboxMessage,
  ReviewReminder,
  StaffNotificationSetting,
  SenReport,
  ReportRender,
  AccessEvent,
  SubjectAccessExport,
  RetentionItem,
  EhcRequest,
  EhcRequestEvent,
  EhcRequestReminder,
  EhcPlan,
  EhcReview,
  EhcReviewInvitee,
  EhcReviewReminder,
  SsoConfig,
  TotpFactor,
  RecoveryCode,
  SignInChallenge,
  TwoFactorPolicy,
  StaffLeaver,
  ProfessionalShare,
  ShareItem,
  ShareCode,
  ShareView,
  SharedReport,
  Referral,
  StaffImportBatch,
  PendingStaffClass,
  UserPasskey,
  WebauthnChallenge,
  AccountToken,
  FileBlob,
  FileChunk,
  PupilDocument,
  TrustSsoConfig,
  TrustTwoFactorPolicy,
  TrustInvitation,
  OapFramework,
  OapExpectation,
  OapAdjustment,
  OapSchoolExpectation,
  OapNotApplicable,
];
