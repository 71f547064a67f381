import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '#libs/audit';
import { AuthModule, PasskeysModule } from '#libs/auth';
import { CoreModule, type AppConfig, type Clock, type Logger } from '#libs/core';
import { DatabaseModule } from '#libs/database';
import { allEntities } from '#libs/entities';
import { RedisModule } from '#libs/queue';
import { OutboxModule } from '#libs/outbox';
import { InterventionsModule } from '#libs/interventions';
import { NotificationsModule } from '#libs/notifications';
import { PlansModule } from '#libs/plans';
import { EhcRequestsModule } from '#libs/ehc-requests';
import { EhcPlansModule } from '#libs/ehc-plans';
import { SharingModule } from '#libs/sharing';
import { ReportsModule } from '#libs/reports';
import { PrivacyModule } from '#libs/privacy';
import { RegisterModule } from '#libs/register';
import { TenancyModule } from '#libs/tenancy';
import { StaffModule } from '#libs/staff';
import { AdminController } from './controllers/admin.controller.js';
import { AuthController } from './controllers/auth.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { MeController } from './controllers/me.controller.js';
import { AccountController } from './controllers/account/account.controller.js';
import { ContactsController } from './controllers/register/contacts.controller.js';
import { ImportsController } from './controllers/register/imports.controller.js';
import { PupilsController } from './controllers/register/pupils.controller.js';
import { RegisterController } from './controllers/register/register.controller.js';
import { CensusController } from './controllers/register/census.controller.js';
import { StaffController } from './controllers/register/staff.controller.js';
import { InterventionsController } from './controllers/interventions/interventions.controller.js';
import { ProvisionMapController } from './controllers/interventions/provision-map.controller.js';
import { CalendarFeedController, SessionsController } from './controllers/interventions/sessions.controller.js';
import { NotificationsController } from './controllers/notifications/notifications.controller.js';
import { PlanFlagsController } from './controllers/plans/plan-flags.controller.js';
import { PlansController } from './controllers/plans/plans.controller.js';
import { EhcRequestsController } from './controllers/ehc-requests/ehc-requests.controller.js';
import { PublicReportsController, ReportsController, TrustReportsController } from './controllers/reports/reports.controller.js';
import { SchoolsController } from './controllers/schools.controller.js';
import { PrivacyController } from './controllers/privacy/privacy.controller.js';
import { EhcPlansController } from './controllers/ehc-plans/ehc-plans.controller.js';
import { SsoModule } from '#libs/sso';
import { SsoController } from './controllers/sso/sso.controller.js';
import { SsoSettingsController } from './controllers/sso/sso-settings.controller.js';
import { AdminStatusController } from './controllers/admin-status.controller.js';
import { AdminTrustLeadsController } from './controllers/admin-trust-leads.controller.js';
import { MeTwoFactorController } from './controllers/two-factor/me-two-factor.controller.js';
import { TwoFactorPolicyController } from './controllers/two-factor/two-factor-policy.controller.js';
import { TwoFactorSignInController } from './controllers/two-factor/two-factor-sign-in.controller.js';
import { StaffDirectoryController } from './controllers/staff/staff-directory.controller.js';
import { ReferralsController } from './controllers/sharing/referrals.controller.js';
import { SharedController } from './controllers/sharing/shared.controller.js';
import { SharesController } from './controllers/sharing/shares.controller.js';
import { StaffImportController } from './controllers/staff/staff-import.controller.js';
import { MePasskeysController } from './controllers/passkeys/me-passkeys.controller.js';
import { PasskeySignInController } from './controllers/passkeys/passkey-sign-in.controller.js';
import { AttachmentsModule } from '#libs/attachments';
import { DocumentsController } from './controllers/documents/documents.controller.js';
import { AccessGuard } from './http/access.guard.js';
import { JwtStrategy } from './http/jwt.strategy.js';
import { ProblemFilter } from './http/problem.filter.js';
import { TenantTransactionInterceptor } from './http/tenant-transaction.interceptor.js';
import { PasswordResetController } from './controllers/account/password-reset.controller.js';
import { EmailChangeController } from './controllers/account/email-change.controller.js';
import { TrustSettingsController } from './controllers/trusts/trust-settings.controller.js';
import { StaffMappingsController } from './controllers/staff/staff-mappings.controller.js';
import { OapModule } from '#libs/oap';
import { AdminOapController } from './controllers/oap/admin-oap.controller.js';
import { OapController } from './controllers/oap/oap.controller.js';
import { TrustOapController } from './controllers/oap/trust-oap.controller.js';
import { SchoolOfferController } from './controllers/oap/school-offer.controller.js';

export interface ApiModuleOptions {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
  /** Tests add controllers (e.g. one without a policy, to prove it is refused). */
  extraControllers?: Type[];
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(options.config, options.logger, options.clock),
        DatabaseModule.forRoot(allEntities, 'api'),
        RedisModule.forRoot('api'),
        PassportModule,
        AuthModule,
        AuditModule,
        TenancyModule,
        OutboxModule,
        RegisterModule,
        PlansModule,
        InterventionsModule,
        NotificationsModule,
        ReportsModule,
        PrivacyModule,
        EhcRequestsModule,
        EhcPlansModule,
        SsoModule,
        StaffModule,
        SharingModule,
        PasskeysModule,
        AttachmentsModule,
        OapModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        MeController,
        AdminController,
        SchoolsController,
        RegisterController,
        CensusController,
        PupilsController,
        ContactsController,
        StaffController,
        ImportsController,
        PlansController,
        PlanFlagsController,
        InterventionsController,
        SessionsController,
        CalendarFeedController,
        ProvisionMapController,
        NotificationsController,
        ReportsController,
        PublicReportsController,
        TrustReportsController,
        PrivacyController,
        EhcRequestsController,
        EhcPlansController,
        SsoController,
        SsoSettingsController,
        AdminStatusController,
        TwoFactorSignInController,
        MeTwoFactorController,
        TwoFactorPolicyController,
        AccountController,
        StaffDirectoryController,
        SharesController,
        SharedController,
        ReferralsController,
        StaffImportController,
        MePasskeysController,
        PasskeySignInController,
        PasswordResetController,
        EmailChangeController,
        DocumentsController,
        TrustSettingsController,
        AdminTrustLeadsController,
        StaffMappingsController,
        AdminOapController,
        TrustOapController,
        OapController,
        SchoolOfferController,
        ...(options.extraControllers ?? []),
      ],
      providers: [
        JwtStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
