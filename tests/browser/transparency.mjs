// Issue 16 in a real browser: the public transparency page as an anonymous visitor in a
// private window sees it — axe-core (WCAG 2.1 A/AA and best-practice) on the overview, a
// measure, a released report, the "not published" page and the admin's settings form; no
// cookie in the browser afterwards; no sideways scrolling at 320 px; every control by Tab.
// Called from run.mjs (`run(ctx)`); `BROWSER_ONLY=transparency.mjs` runs it alone.

import { AXE_TAGS_BEST_PRACTICE, describeViolations, runAxe } from './a11y.mjs';
import { CaseFailure } from './harness.mjs';

export async function run(ctx) {
  const { page, nav, follow, login, logout, axeCase, narrowCase, keyboardCase, expectStatus, test, assert } = ctx;

  await page.context().clearCookies();
  await axeCase('transparency page (anonymous)', page, async () => {
    expectStatus(await nav(page, '/transparenz'), 200, 'GET /transparenz');
  });
  await test('transparency page: best-practice rules (landmarks, headings) and no cookie', async () => {
    await nav(page, '/transparenz');
    const v = await runAxe(page, AXE_TAGS_BEST_PRACTICE);
    if (v.length) throw new CaseFailure(`${v.length} violation(s)`, describeViolations(v));
    const cookies = await page.context().cookies();
    assert(cookies.length === 0, `the public page set ${cookies.length} cookie(s): ${cookies.map((c) => c.name).join(', ')}`);
    const h1 = await page.locator('h1').count();
    assert(h1 === 1, `${h1} h1 elements`);
  });
  let measureHref = null;
  let reportHref = null;
  await test('transparency page: links to a measure and a released report', async () => {
    await nav(page, '/transparenz');
    measureHref = await page.locator('a[href^="/transparenz/massnahmen/"]').first().getAttribute('href');
    reportHref = await page.locator('.report-list a[href^="/transparenz/berichte/"]').first().getAttribute('href');
    assert(measureHref && reportHref, `measure ${measureHref}, report ${reportHref}`);
  });
  if (measureHref) {
    await axeCase('public measure page (anonymous)', page, async () => {
      expectStatus(await nav(page, measureHref), 200, `GET ${measureHref}`);
    });
    await narrowCase('public measure page (anonymous)', page, measureHref);
  }
  if (reportHref) {
    await axeCase('public report page (anonymous)', page, async () => {
      expectStatus(await nav(page, reportHref), 200, `GET ${reportHref}`);
    });
  }
  await narrowCase('transparency page (anonymous)', page, '/transparenz');
  await keyboardCase('transparency page (anonymous)', page, '/transparenz');
  await test('no cookie after reading every public page', async () => {
    const cookies = await page.context().cookies();
    assert(cookies.length === 0, `cookies: ${cookies.map((c) => c.name).join(', ')}`);
  });

  // the admin's settings, and the page switched off
  await login(page, 'admin');
  await axeCase('transparency settings (admin)', page, async () => {
    expectStatus(await nav(page, '/verwaltung/transparenz'), 200, 'GET /verwaltung/transparenz');
  });
  await axeCase('transparency settings with an error (admin)', page, async () => {
    await nav(page, '/verwaltung/transparenz');
    await page.fill('#f-licence_url', 'keine Adresse');
    const resp = await follow(page, () => page.getByRole('button', { name: 'Einstellungen speichern' }).click());
    expectStatus(resp, 422, 'bad licence address');
  });
  await test('admin switches the page off', async () => {
    await nav(page, '/verwaltung/transparenz');
    await page.uncheck('#f-enabled');
    await follow(page, () => page.getByRole('button', { name: 'Einstellungen speichern' }).click());
    assert((await page.locator('.flash[role="status"]').count()) === 1, 'no success message');
  });
  await logout(page);
  await page.context().clearCookies();
  // the browser may keep the page for 5 minutes (Cache-Control: public, max-age=300): ask the
  // server itself with a query the page ignores
  await axeCase('transparency page switched off (anonymous, 404)', page, async () => {
    expectStatus(await nav(page, '/transparenz?abgeschaltet'), 404, 'GET /transparenz switched off');
  });
  await login(page, 'admin');
  await test('admin switches the page on again', async () => {
    await nav(page, '/verwaltung/transparenz');
    await page.check('#f-enabled');
    await follow(page, () => page.getByRole('button', { name: 'Einstellungen speichern' }).click());
    await logout(page);
    await page.context().clearCookies();
    expectStatus(await nav(page, '/transparenz?eingeschaltet'), 200, 'GET /transparenz switched on');
  });
}
