import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createTestSchool, createTrustWithLead, createUser, type TestSchool } from '#libs/testing';
import { type TestApi } from '../helpers/api.js';
import { bearer, linkParent, populateRegister, routeParamIds } from '../helpers/register.js';
import { checkPage, launchChromium, newContext, signInAsNewAdmin, signedInPage, startServedApi } from './browser.js';

// The functions passed to page.evaluate run in the browser; the root tsconfig has no DOM types.
declare const document: {
  querySelectorAll: (s: string) => ArrayLike<BrowserElement>;
  activeElement: BrowserElement | null;
};
interface BrowserElement {
  checkVisibility: () => boolean;
  closest: (s: string) => unknown;
  getAttribute: (n: string) => string | null;
  setAttribute: (n: string, v: string) => void;
  tagName: string;
  textContent: string | null;
}

/**
 * Every page of the web app (issue 23: "every page is axe-clean, reflows at 320 px, and is usable by keyboard
 * alone"), found from the app's own route tables (`ROUTES` in main.tsx and `FIRST_TERM_PAGES` in route-tree.tsx),
 * so a new page is checked without anyone adding it here. Each is opened as the role that uses it, in a school
 * where every record exists (populateRegister), and must: load without an error, have no serious or critical axe
 * issue, not scroll sideways at 320 px, and let the keyboard reach every control on it with Tab alone.
 */
jest.setTimeout(600_000);

let api: TestApi;
let browser: Browser;
let base: string;
let fixture: TestSchool;
let ids: Record<string, string>;
const pages: Partial<Record<Role, Page>> = {};
type Role = 'senco' | 'head' | 'teacher' | 'parent' | 'trust_lead' | 'admin';

const sources = ['apps/web/src/main.tsx', 'apps/web/src/route-tree.tsx'].map((f) => readFileSync(f, 'utf8')).join('\n');
const routes = [...sources.matchAll(/\[\s*'(\/app[^']*)',\s*'([^']*)',\s*(\w+)\s*\]/g)].map((m) => ({ pattern: m[1]!, nav: m[2]!, page: m[3]! }));

/** The pages open without a session (sign-in, a reset link, an invitation, a professional's shared link). */
const publicRoutes = [...sources.matchAll(/publicPage\('([^']+)'/g)].map((m) => m[1]!).filter((p) => p !== '/');

/** Who uses each page: the navigation entry it sits under says (the head's own pages, a parent's, a teacher's…). */
function roleFor(route: { pattern: string; nav: string }): Role {
  if (route.pattern.startsWith('/app/admin')) return 'admin';
  if (['trust', 'trust-settings'].includes(route.nav)) return 'trust_lead';
  if (['children', 'preferences'].includes(route.nav)) return 'parent';
  if (['sessions', 'pupils'].includes(route.nav)) return 'teacher';
  if (['dashboard', 'retention', 'sso', 'two-factor'].includes(route.nav)) return 'head';
  return 'senco';
}

beforeAll(async () => {
  ({ api, base } = await startServedApi());
  browser = await launchChromium();
  const { trust, lead } = await createTrustWithLead(api.dataSource);
  fixture = await createTestSchool(api.dataSource, { trustId: trust.id });
  const senco = (await api.login(fixture.users.senco.email)).accessToken;
  const made = await populateRegister(api, senco, fixture.school.id, fixture.users.teacher.id);
  ids = routeParamIds(made, fixture.school.id, fixture.users.teacher.id);
  // The review record is of a reviewed plan; the plan editor and review meeting are of the open one.
  const plan = await api.http().get(`/v1/schools/${fixture.school.id}/pupils/${made.pupilId}/plan`).set(bearer(senco));
  ids.reviewedCycleId = (plan.body.cycles as { id: string; status: string }[]).find((c) => c.status === 'reviewed')!.id;
  const parentEmail = `every-page-parent-${Date.now()}@test.invalid`;
  await linkParent(api, senco, fixture.school.id, made.pupilId, parentEmail, 'Pat');
  pages.senco = await signedInPage(browser, base, fixture.users.senco.email);
  pages.head = await signedInPage(browser, base, fixture.users.head.email);
  pages.teacher = await signedInPage(browser, base, fixture.users.teacher.email);
  pages.parent = await signedInPage(browser, base, parentEmail);
  pages.trust_lead = await signedInPage(browser, base, lead.email);
  const admin = await createUser(api.dataSource, `every-page-admin-${Date.now()}@test.invalid`, { isPlatformAdmin: true });
  pages.admin = await (await newContext(browser)).newPage();
  await signInAsNewAdmin(pages.admin, base, admin.email);
  await pages.admin.waitForURL((url) => url.pathname.startsWith('/app'));
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

function urlOf(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const id = pattern.includes('/reviews/:cycleId') && name === 'cycleId' ? ids.reviewedCycleId : ids[name];
    if (!id) throw new Error(`no id for :${name} in ${pattern}`);
    return id;
  });
}

/**
 * Presses Tab from the top of the page until focus comes round again, and returns the controls it never reached:
 * every visible link, button, field, summary or focusable region should be reached in turn.
 */
async function unreachedByTab(page: Page): Promise<string[]> {
  const total = await page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex="0"]';
    // checkVisibility: rendered, and not inside a closed <details> (whose content Chromium lays out but hides).
    const all = Array.from(document.querySelectorAll(selector)).filter((e) => e.checkVisibility() && e.getAttribute('tabindex') !== '-1');
    // Radio buttons are one stop per group (the arrow keys move within it): only the checked one, or the first.
    const stops = all.filter((e, i) => {
      if (e.tagName !== 'INPUT' || e.getAttribute('type') !== 'radio') return true;
      const group = all.filter((o) => o.tagName === 'INPUT' && o.getAttribute('type') === 'radio' && o.getAttribute('name') === e.getAttribute('name'));
      const checked = group.find((o) => (o as unknown as { checked: boolean }).checked);
      return checked ? checked === e : group[0] === all[i];
    });
    stops.forEach((e, i) => e.setAttribute('data-tab-stop', String(i)));
    return stops.length;
  });
  const reached = new Set<string>();
  await page.evaluate(() => (document.activeElement as unknown as { blur?: () => void } | null)?.blur?.());
  // A date field takes three presses (day, month, year): room for every stop being one, and for wrapping round.
  for (let i = 0; i < total * 3 + 20; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => document.activeElement?.getAttribute('data-tab-stop') ?? null);
    if (stop !== null) reached.add(stop);
    if (reached.size === total) break;
  }
  return page.evaluate(
    (seen) =>
      Array.from(document.querySelectorAll('[data-tab-stop]'))
        .filter((e) => !seen.includes(e.getAttribute('data-tab-stop') ?? ''))
        .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 40)}"`),
    [...reached],
  );
}

it('finds the pages from the route tables', () => {
  expect(routes.length).toBeGreaterThanOrEqual(45);
  expect(publicRoutes.length).toBeGreaterThanOrEqual(6);
  expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/app/s/:schoolId/register', '/app/s/:schoolId/intervention-catalogue']));
});

describe.each(publicRoutes.map((p) => [p] as const))('%s', (pattern) => {
  it('without a session: axe-clean, reflows at 320 px, every control reached by Tab', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${base}${pattern.replace('$token', ids.token!)}`);
    await page.locator('h1').first().waitFor();
    await checkPage(page, `every-page${pattern.replace(/\/\$?/g, '-')}`);
    expect({ page: pattern, unreached: await unreachedByTab(page) }).toEqual({ page: pattern, unreached: [] });
    await page.context().close();
  });
});

describe.each(routes.map((r) => [r.pattern, r] as const))('%s', (_pattern, route) => {
  it(`as the ${roleFor(route).replace('_', ' ')}: loads, axe-clean, reflows at 320 px, every control reached by Tab`, async () => {
    const page = pages[roleFor(route)]!;
    const name = `every-page${route.pattern.replace(/\/:?/g, '-')}`;
    await page.goto(`${base}${urlOf(route.pattern)}`);
    await page.locator('h1').first().waitFor();
    await checkPage(page, name);
    expect({ page: route.pattern, errors: await page.locator('.error-summary').allTextContents() }).toEqual({ page: route.pattern, errors: [] });
    expect({ page: route.pattern, unreached: await unreachedByTab(page) }).toEqual({ page: route.pattern, unreached: [] });
  });
});
