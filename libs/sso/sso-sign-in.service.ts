import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { normaliseEmail, openSecret, User } from '#libs/auth';
import { APP_CONFIG, type AppConfig, Clock, notFound, serviceUnavailable } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { clientSecretPurpose } from './sso-config.service.js';
import { trustClientSecretPurpose } from './trust-sso-config.service.js';
import { openFlowState, sealFlowState, SSO_STATE_TTL_SECONDS } from './sso-state.js';

interface ProviderRow {
  school_id: string;
  /** Set when the school signs in with its trust's provider (it has no enabled one of its own). */
  trust_id: string | null;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  allowed_domains: string[];
}

export interface SsoSchoolChoice {
  schoolId: string;
  schoolName: string;
}

/** Why a callback was refused: logged (no personal data), never shown; the person sees one message. */
export type SsoRefusal =
  | 'no_flow'
  | 'provider_unavailable'
  | 'provider_rejected'
  | 'email_unverified'
  | 'domain_not_allowed'
  | 'no_account'
  | 'account_disabled'
  | 'no_staff_membership';

export type SsoOutcome = { userId: string; schoolId: string } | { refused: SsoRefusal };

const NO_SCHOOL = { schoolIds: [] as string[] };
const STAFF_ROLES = new Set(['senco', 'head', 'teacher']);
const TRUST_PROVIDER_ROLES = new Set([...STAFF_ROLES, 'trust_lead']);

/**
 * Staff sign-in with a school's OpenID Connect provider (openid-client): authorization code with PKCE (S256),
 * state and nonce; the ID token's issuer, audience, expiry and nonce are checked, and its signature against
 * the provider's JWKS (non-repudiation checks on, so a token altered in transit fails even over TLS). The
 * person is matched by verified email to an existing user with a staff role in that school: nobody is created.
 */
@Injectable()
export class SsoSignInService {
  private readonly log = new Logger('sso');

  constructor(
    private readonly tx: TenantTransactions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}/v1/auth/sso/callback`;
  }

  /** The schools whose enabled SSO takes this email's domain. Says nothing about whether the email has an account. */
  async discover(email: string): Promise<SsoSchoolChoice[]> {
    const domain = normaliseEmail(email).split('@')[1] ?? '';
    const rows = await this.tx.run(NO_SCHOOL, (m) =>
      m.query<{ school_id: string; school_name: string }[]>(`select school_id, school_name from app.sso_discover($1)`, [domain]),
    );
    return rows.map((r) => ({ schoolId: r.school_id, schoolName: r.school_name }));
  }

  /** The provider's authorization URL and the sealed flow state for the browser's cookie. */
  async start(schoolId: string): Promise<{ url: string; cookie: string }> {
    const provider = await this.provider(schoolId);
    if (!provider) throw notFound('Single sign-on for this school');
    // An unreachable or misconfigured provider is the school's to fix: a 503 naming it, not a 500.
    const config = await this.client(provider).catch(() => {
      throw serviceUnavailable(30, "The school's identity provider could not be reached; try again later or sign in with your password");
    });
    const flow = {
      schoolId,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      expiresAt: this.clock.now().getTime() + SSO_STATE_TTL_SECONDS * 1000,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie: sealFlowState(this.config.dataEncryptionKey, flow) };
  }

  /** Checks the provider's answer and finds the staff member. `query` is the callback's raw query string. */
  async finish(query: string, cookie: string | null): Promise<SsoOutcome> {
    const flow = openFlowState(this.config.dataEncryptionKey, cookie, this.clock.now().getTime());
    if (!flow) return this.refuse('no_flow');
    const provider = await this.provider(flow.schoolId).catch(() => null);
    if (!provider) return this.refuse('provider_unavailable', flow.schoolId);
    let claims: { email?: unknown; email_verified?: unknown; [claim: string]: unknown } | undefined;
    try {
      const config = await this.client(provider);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${this.redirectUri}?${query}`), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      // Some providers put the email only in UserInfo; it is asked for the ID token's own subject.
      claims =
        idToken && typeof idToken.email !== 'string'
          ? { ...idToken, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), sub: idToken.sub }
          : idToken;
    } catch (error) {
      // The library's error code says which check failed (state, nonce, audience, signature, spent code);
      // its message can quote token values, so only the code is logged.
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
      return this.refuse('provider_rejected', flow.schoolId, code);
    }
    if (!claims || claims.email_verified !== true || typeof claims.email !== 'string') return this.refuse('email_unverified', flow.schoolId);
    const email = normaliseEmail(claims.email);
    if (!provider.allowed_domains.includes(email.split('@')[1] ?? '')) return this.refuse('domain_not_allowed', flow.schoolId);
    const user = await this.tx.run(NO_SCHOOL, (m) => m.findOneBy(User, { email }));
    if (!user) return this.refuse('no_account', flow.schoolId);
    if (user.disabledAt) return this.refuse('account_disabled', flow.schoolId);
    const roles = await this.tx.run(NO_SCHOOL, (m) =>
      m.query<{ school_id: string | null; role: string | null }[]>(`select school_id, role from app.principal($1, gen_random_uuid())`, [user.id]),
    );
    // Through the trust's provider, the trust's leads may sign in too; a school's own provider is for its staff.
    const allowed = provider.trust_id ? TRUST_PROVIDER_ROLES : STAFF_ROLES;
    if (!roles.some((r) => r.school_id === flow.schoolId && r.role !== null && allowed.has(r.role))) {
      return this.refuse('no_staff_membership', flow.schoolId);
    }
    this.log.log(`sso sign-in accepted school=${flow.schoolId}`);
    return { userId: user.id, schoolId: flow.schoolId };
  }

  private refuse(reason: SsoRefusal, schoolId?: string, code?: string): SsoOutcome {
    this.log.warn(`sso sign-in refused: ${reason}${code ? ` (${code})` : ''}${schoolId ? ` school=${schoolId}` : ''}`);
    return { refused: reason };
  }

  private async provider(schoolId: string): Promise<ProviderRow | null> {
    const rows = await this.tx.run(NO_SCHOOL, (m) =>
      m.query<ProviderRow[]>(`select school_id, trust_id, issuer, client_id, client_secret_sealed, allowed_domains from app.sso_effective_provider($1)`, [
        schoolId,
      ]),
    );
    return rows[0] ?? null;
  }

  private client(provider: ProviderRow): Promise<oidc.Configuration> {
    const purpose = provider.trust_id ? trustClientSecretPurpose(provider.trust_id) : clientSecretPurpose(provider.school_id);
    const secret = openSecret(this.config.dataEncryptionKey, provider.client_secret_sealed, purpose);
    // Plain http only for a provider on this machine outside production (tests, development).
    const insecure = this.config.nodeEnv !== 'production' && provider.issuer.startsWith('http://');
    return oidc
      .discovery(new URL(provider.issuer), provider.client_id, secret, undefined, { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 })
      .then((config) => {
        oidc.enableNonRepudiationChecks(config);
        return config;
      });
  }
}
