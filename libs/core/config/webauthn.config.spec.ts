import { ConfigError, loadConfig } from './config.js';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/sen', REDIS_URL: 'redis://127.0.0.1:6379' };
const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig('api', env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('passkey (WebAuthn) configuration', () => {
  it('takes the RP ID and the origin from PUBLIC_URL by default', () => {
    expect(loadConfig('api', base).webauthn).toEqual({ rpId: 'localhost', origin: 'http://localhost:3000' });
    expect(loadConfig('api', { ...base, PUBLIC_URL: 'https://app.sen.example/' }).webauthn).toEqual({
      rpId: 'app.sen.example',
      origin: 'https://app.sen.example',
    });
  });

  it('accepts a parent domain of the public host as RP ID, and refuses any other, naming the variable', () => {
    expect(loadConfig('api', { ...base, PUBLIC_URL: 'https://app.sen.example', WEBAUTHN_RP_ID: 'sen.example' }).webauthn.rpId).toBe('sen.example');
    expect(problemsOf({ ...base, PUBLIC_URL: 'https://app.sen.example', WEBAUTHN_RP_ID: 'other.example' })).toEqual([
      'WEBAUTHN_RP_ID must be the host of PUBLIC_URL (app.sen.example) or a parent domain of it',
    ]);
    expect(problemsOf({ ...base, WEBAUTHN_RP_ID: 'https://sen.example' })).toEqual([
      'WEBAUTHN_RP_ID must be a lower-case host name such as sen-manager.example',
    ]);
  });
});
