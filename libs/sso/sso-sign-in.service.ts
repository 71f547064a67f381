import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { normaliseEmail, openSecret, User } from '#libs/auth';
import { APP_CONFIG, type AppConfig, Clock, notFound, serviceUnavailable } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { clientSecretPurpose } from './sso-config.service.js';
import { trustClientSecretPurpose } from './trust-sso-config.service.js';
import { openFlowState, sealFlowState, SSO_STATE_TTL_SECONDS, type SsoOwner } from './sso-state.js';

interface ProviderRow {
  owner_kind: SsoOwner['kind'];
  owner_id: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  allowed_domains: string[];
  /** The schools whose staff it signs in. */
  staff_school_ids: string[];
  /** A trust's provider signs in the trust's leads too: their schools (app.principal gives a lead one row per school). */
  lead_school_ids: string[];
}

/** A line of the login page's choice: a school's own provider, or a trust's covering its schools. */
export interface SsoChoice {
  kind: SsoOwner['kind'];
  id: string;
  name: string;
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

export type SsoOutcome = { userId: string } | { refused: SsoRefusal };

const NO_SCHOOL = { schoolIds: [] as string[] };
const STAFF_ROLES = new Set(['senco', 'head', 'teacher']);

/**
 * Staff sign-in with a school's OpenID Connect provider (openid-client): authorization code with PKCE (S256),
 * state and nonce; the ID token's issuer, audience, expiry and nonce are checked, and its signature against
 * the provider's JWKS (non-repudiation checks on, so a token altered in transit fails even over TLS). The
 * person is matched by verified email to an existing user with a staff role in a school the provider covers
 * (a trust's provider: also the trust's leads): nobody is created.
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

  /**
   * The schools and trusts whose enabled SSO takes this email's domain: a trust's provider is one choice for all
   * the schools it covers. Says nothing about whether the email has an account.
   */
  async discover(email: string): Promise<SsoChoice[]> {
    const domain = normaliseEmail(email).split('@')[1] ?? '';
    return this.tx.run(NO_SCHOOL, (m) => m.query<SsoChoice[]>(`select kind, id, name from app.sso_discover($1)`, [domain]));
  }

  /** The provider's authorization URL and the sealed flow state for the browser's cookie. */
  async start(owner: SsoOwner): Promise<{ url: string; cookie: string }> {
    const provider = await this.provider(owner);
    if (!provider) throw notFound(owner.kind === 'trust' ? 'Single sign-on for this trust' : 'Single sign-on for this school');
    // An unreachable or misconfigured provider is the school's to fix: a 503 naming it, not a 500.
    const config = await this.client(provider).catch(() => {
      throw serviceUnavailable(30, "The school's identity provider could not be reached; try again later or sign in with your password");
    });
    const flow = {
      owner,
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
    const where = `${flow.owner.kind}=${flow.owner.id}`;
    const provider = await this.provider(flow.owner).catch(() => null);
    if (!provider) return this.refuse('provider_unavailable', where);
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
      return this.refuse('provider_rejected', where, code);
    }
    if (!claims || claims.email_verified !== true || typeof claims.email !== 'string') return this.refuse('email_unverified', where);
    const email = normaliseEmail(claims.email);
    if (!provider.allowed_domains.includes(email.split('@')[1] ?? '')) return this.refuse('domain_not_allowed', where);
    const user = await this.tx.run(NO_SCHOOL, (m) => m.findOneBy(User, { email }));
    if (!user) return this.refuse('no_account', where);
    if (user.disabledAt) return this.refuse('account_disabled', where);
    if (!(await this.belongs(user.id, provider))) return this.refuse('no_staff_membership', where);
    this.log.log(`sso sign-in accepted ${where}`);
    return { userId: user.id };
  }

  /**
   * A school's provider signs in its own staff. A trust's signs in the staff of the schools it covers (a school
   * with its own enabled provider uses that one) and the trust's leads.
   */
  private async belongs(userId: string, provider: ProviderRow): Promise<boolean> {
    const roles = await this.tx.run(NO_SCHOOL, (m) =>
      m.query<{ school_id: string | null; role: string | null }[]>(`select school_id, role from app.principal($1, gen_random_uuid())`, [userId]),
    );
    return roles.some(({ school_id: school, role }) =>
      school === null || role === null
        ? false
        : STAFF_ROLES.has(role)
          ? provider.staff_school_ids.includes(school)
          : role === 'trust_lead' && provider.lead_school_ids.includes(school),
    );
  }

  private refuse(reason: SsoRefusal, where?: string, code?: string): SsoOutcome {
    this.log.warn(`sso sign-in refused: ${reason}${code ? ` (${code})` : ''}${where ? ` ${where}` : ''}`);
    return { refused: reason };
  }

  /**
   * The provider to use. Started for a school: its own enabled one, else its trust's (app.sso_effective_provider).
   * Started for a trust: the trust's, for the schools it covers (app.sso_trust_provider).
   */
  private async provider(owner: SsoOwner): Promise<ProviderRow | null> {
    const sql =
      owner.kind === 'school'
        ? `select case when trust_id is null then 'school' else 'trust' end as owner_kind, coalesce(trust_id, school_id) as owner_id,
                  issuer, client_id, client_secret_sealed, allowed_domains, array[school_id] as staff_school_ids,
                  case when trust_id is null then '{}'::uuid[] else array[school_id] end as lead_school_ids
             from app.sso_effective_provider($1)`
        : `select 'trust' as owner_kind, trust_id as owner_id, issuer, client_id, client_secret_sealed, allowed_domains,
                  school_ids as staff_school_ids, trust_school_ids as lead_school_ids
             from app.sso_trust_provider($1)`;
    const rows = await this.tx.run(NO_SCHOOL, (m) => m.query<ProviderRow[]>(sql, [owner.id]));
    return rows[0] ?? null;
  }

  private client(provider: ProviderRow): Promise<oidc.Configuration> {
    const purpose = provider.owner_kind === 'trust' ? trustClientSecretPurpose(provider.owner_id) : clientSecretPurpose(provider.owner_id);
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
