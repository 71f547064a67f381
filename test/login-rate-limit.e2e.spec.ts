import { randomInt } from 'node:crypto';
import { configVariables } from '#libs/core';
import { TEST_PASSWORD, createUser } from '#libs/testing';
import { expectProblem, startTestApi, type TestApi } from './helpers/api.js';

/**
 * Sign-in limits with the product's real defaults (the test run raises them for every other suite): a staff
 * room behind one school address all signs in at once, while guessing one account's password is stopped both
 * from one address and from many. The web-session and API logins share the counts.
 */
const DEFAULTS = Object.fromEntries(configVariables.filter((v) => v.name.startsWith('LOGIN_')).map((v) => [v.name, v.devDefault!]));

/** A client address of this test's own, so no other suite's sign-ins count against it. */
const address = () => `10.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`;

/**
 * The limits count in fixed one-minute windows: a sequence that straddled a window's end would start its
 * count again halfway. Waiting for a window with room enough keeps each sequence inside one.
 */
async function freshWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 25_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

let api: TestApi;
const newAccount = async () => (await createUser(api.dataSource, `staff-${randomInt(1e9)}@test.invalid`)).email;
const signIn = (from: string, email: string, password: string, web = false) =>
  api
    .http()
    .post(web ? '/v1/auth/web/login' : '/v1/auth/login')
    .set('x-forwarded-for', from)
    .send({ email, password });

beforeAll(async () => {
  expect(DEFAULTS).toEqual({ LOGIN_FAILURES_PER_ADDRESS_ACCOUNT: '10', LOGIN_FAILURES_PER_ACCOUNT: '30', LOGIN_ATTEMPTS_PER_ADDRESS: '300' });
  api = await startTestApi({ env: { ...DEFAULTS, TRUST_PROXY: 'true' } });
});
afterAll(() => api.close());

it('a staff room behind one address signs in: 30 accounts in a minute, and one of them 12 times', async () => {
  // One at a time: thirty account inserts at once queue for the pool's connections, and on a busy machine
  // the last of them can wait past the connection timeout before the test has begun.
  const staff: string[] = [];
  for (let i = 0; i < 30; i++) staff.push(await newAccount());
  const school = address();
  await freshWindow();
  const statuses: number[] = [];
  for (const [i, email] of staff.entries()) statuses.push((await signIn(school, email, TEST_PASSWORD, i % 2 === 0)).status);
  expect(statuses).toEqual(staff.map(() => 200));
  // Successful sign-ins are not guesses: a user signing in again and again is never limited by them.
  const again: number[] = [];
  for (let i = 0; i < 12; i++) again.push((await signIn(school, staff[0]!, TEST_PASSWORD)).status);
  expect(again).toEqual(again.map(() => 200));
}, 120_000);

it('11 wrong passwords for one account from one address: the 11th is 429 problem+json with Retry-After, web and API alike', async () => {
  const email = await newAccount();
  const attacker = address();
  await freshWindow();
  for (let i = 0; i < 10; i++) expect((await signIn(attacker, email, `wrong-${i}`, i % 2 === 1)).status).toBe(401);
  for (const web of [false, true]) {
    const blocked = await signIn(attacker, email, 'wrong-11', web);
    expectProblem(blocked, 429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
  }
  // From that address even the right password waits, so guessing on gains nothing...
  expectProblem(await signIn(attacker, email, TEST_PASSWORD), 429);
  // ...while the limit is per address and account: the real user elsewhere still signs in, and the
  // attacker's address can still sign in to other accounts.
  expect((await signIn(address(), email, TEST_PASSWORD)).status).toBe(200);
  expect((await signIn(attacker, await newAccount(), TEST_PASSWORD)).status).toBe(200);
}, 120_000);

it('guessing one account from many addresses is limited per account: 30 failures, then 429 from anywhere', async () => {
  const email = await newAccount();
  await freshWindow();
  for (let i = 0; i < 30; i++) expect((await signIn(address(), email, `wrong-${i}`, i % 2 === 0)).status).toBe(401);
  expectProblem(await signIn(address(), email, 'wrong-31'), 429);
  expectProblem(await signIn(address(), email, TEST_PASSWORD, true), 429);
  // Another account is untouched.
  expect((await signIn(address(), await newAccount(), TEST_PASSWORD)).status).toBe(200);
}, 120_000);

it('one address trying many accounts meets the per-address ceiling (credential stuffing)', async () => {
  // The default ceiling is 300 a minute; a lower one shows the same rule without 300 password checks.
  const small = await startTestApi({ env: { ...DEFAULTS, LOGIN_ATTEMPTS_PER_ADDRESS: '5', TRUST_PROXY: 'true' } });
  try {
    const stuffer = address();
    const tryAs = (email: string) => small.http().post('/v1/auth/login').set('x-forwarded-for', stuffer).send({ email, password: 'leaked-password' });
    await freshWindow();
    for (let i = 0; i < 5; i++) expect((await tryAs(`leaked-${randomInt(1e9)}@test.invalid`)).status).toBe(401);
    const blocked = await tryAs(`leaked-${randomInt(1e9)}@test.invalid`);
    expectProblem(blocked, 429);
    expect(blocked.headers['retry-after']).toBeDefined();
    // The ceiling counts successes too: a right password from that address waits as well.
    const email = await newAccount();
    expectProblem(await small.http().post('/v1/auth/login').set('x-forwarded-for', stuffer).send({ email, password: TEST_PASSWORD }), 429);
    expect((await small.http().post('/v1/auth/login').set('x-forwarded-for', address()).send({ email, password: TEST_PASSWORD })).status).toBe(200);
  } finally {
    await small.close();
  }
}, 120_000);
