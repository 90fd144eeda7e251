// Issue 11 in a real browser: an administrator creates an account for a new person, the
// confirmation steps (deactivate, reset the password) ask first and a reload repeats nothing,
// the new user must change the generated password at the first login; axe-core (WCAG 2.1
// A/AA and best-practice) on every new or changed page, no sideways scrolling at 320 px.
//
// Called from run.mjs with the shared helpers ("feature suites"); also runs on its own:
//   SACHSTAND_BIN=./sachstand.bin node tests/browser/admin.mjs

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describeViolations, runAxe } from './a11y.mjs';
import { CaseFailure, assert, stopAll, summary, test } from './harness.mjs';

const ADMIN_PASSWORD = 'Demo-Admin-2026';

/** best-practice rules (landmark-unique and friends) on the current document. */
async function bestPractice(page) {
  await runAxe(page); // loads axe into the page if needed
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.outerHTML || n.html || '' })) }));
  });
}

export async function run(ctx) {
  const { page, nav, follow, axeCase, narrowCase, expectStatus } = ctx;
  const where = () => new URL(page.url()).pathname;
  const main = () => page.locator('main').innerText();
  const axeAll = (name, setup) =>
    axeCase(name, page, async () => {
      if (setup) await setup();
      const bp = await bestPractice(page);
      if (bp.length) throw new CaseFailure(`best-practice: ${bp.map((v) => v.id).join(', ')}`, describeViolations(bp));
    });

  await ctx.login(page, 'admin');
  let account = '';
  let generated = '';
  await axeAll('users with people, new-account form (admin)', async () => {
    expectStatus(await nav(page, '/verwaltung/benutzer'), 200, 'GET /verwaltung/benutzer');
    const t = await main();
    assert(t.includes('Katrin Vogelsang') && t.includes('Hauptamt – Organisation und zentrale Dienste'), 'the list does not say who the AG account is');
    assert(!t.includes('Hauptamt – Hauptamt'), 'a duplicated unit label');
  });
  const created = await test('admin creates an account for a new person; the password is shown once', async () => {
    await nav(page, '/verwaltung/benutzer');
    await page.selectOption('#f-person', 'neu');
    await page.fill('#f-display_name', 'Jonas Weber');
    await page.fill('#f-function', 'Sachbearbeitung IT');
    await page.fill('#f-username', 'j.weber');
    await page.selectOption('#f-role', 'ag');
    await follow(page, () => page.getByRole('button', { name: 'Benutzerkonto anlegen' }).click());
    assert(where() === '/verwaltung/benutzer', `after creating: ${where()}`);
    generated = (await page.locator('.password code').innerText()).trim();
    assert(/^[A-Za-z0-9-]{20}$/.test(generated), `no generated password shown: ${generated}`);
    account = await page.locator('a', { hasText: 'Jonas Weber' }).first().getAttribute('href');
    await page.reload();
    assert(!(await page.content()).includes(generated), 'the password is shown again after a reload');
    return account;
  });
  if (!created) return;

  await axeAll('one account (admin)', async () => expectStatus(await nav(page, account), 200, `GET ${account}`));
  await axeAll('confirmation: deactivate (admin)', async () => {
    await nav(page, account);
    await follow(page, () => page.getByRole('link', { name: 'Konto deaktivieren …' }).click());
    assert(where() === `${account}/deaktivieren`, `confirmation at ${where()}`);
    assert((await page.locator('h1').innerText()) === 'Konto von Jonas Weber deaktivieren?', 'confirmation heading');
  });
  await narrowCase('confirmation: deactivate (admin)', page, `${account}/deaktivieren`);
  await test('deactivating asks first: Abbrechen changes nothing, Ja acts once, a reload repeats nothing', async () => {
    await nav(page, `${account}/deaktivieren`);
    await follow(page, () => page.getByRole('link', { name: 'Abbrechen' }).click());
    assert(where() === account, `Abbrechen led to ${where()}`);
    assert((await main()).includes('aktiv'), 'the account is no longer active after Abbrechen');
    await nav(page, `${account}/deaktivieren`);
    await follow(page, () => page.getByRole('button', { name: 'Ja, Konto deaktivieren' }).click());
    assert(where() === account, `after Ja: ${where()}`);
    assert((await main()).includes('deaktiviert'), 'not deactivated');
    await page.reload();
    const id = account.split('/').pop();
    await nav(page, `/verwaltung/protokoll?art=benutzer&objekt=${id}`);
    const n = await page.locator('tr', { hasText: 'Benutzerkonto deaktiviert' }).count();
    assert(n === 1, `${n} deactivations in the log after a reload`);
    await nav(page, account);
    await follow(page, () => page.getByRole('button', { name: 'Konto wieder aktivieren' }).click());
  });
  let reset = '';
  await axeAll('confirmation: reset password (admin)', async () => {
    await nav(page, account);
    await follow(page, () => page.getByRole('link', { name: 'Passwort zurücksetzen …' }).click());
    assert((await page.locator('h1').innerText()) === 'Passwort von Jonas Weber zurücksetzen?', 'confirmation heading');
  });
  await axeAll('account after a password reset, password shown once (admin)', async () => {
    await nav(page, `${account}/passwort`);
    await follow(page, () => page.getByRole('button', { name: 'Ja, Passwort zurücksetzen' }).click());
    reset = (await page.locator('.password code').innerText()).trim();
    assert(reset && reset !== generated, 'no new password shown');
  });
  await test('a reload of the reset result shows no password and sets none', async () => {
    await page.reload();
    assert(!(await page.content()).includes(reset), 'the password is shown again');
    const id = account.split('/').pop();
    await nav(page, `/verwaltung/protokoll?art=benutzer&objekt=${id}`);
    const n = await page.locator('tr', { hasText: 'Passwort zurückgesetzt' }).count();
    assert(n === 1, `${n} resets in the log`);
  });
  await axeAll('audit log (admin)', async () => {
    expectStatus(await nav(page, '/verwaltung/protokoll'), 200, 'GET /verwaltung/protokoll');
    const t = await main();
    assert(t.includes('Benutzerkonto angelegt') && t.includes('Passwort zurückgesetzt') && t.includes('Rolle: '), 'the log does not read like a record');
  });
  await axeAll('audit log with bad dates (admin)', async () => {
    expectStatus(await nav(page, '/verwaltung/protokoll?von=30.02.2026'), 422, 'bad date');
    assert((await page.inputValue('#f-von')) === '30.02.2026', 'the input is not kept');
  });
  await narrowCase('audit log (admin)', page, '/verwaltung/protokoll');
  // issue 14: the outbox and the reminder settings
  await axeAll('outbox (admin)', async () => {
    expectStatus(await nav(page, '/verwaltung/postausgang'), 200, 'GET /verwaltung/postausgang');
    assert((await main()).includes('Wartend ('), 'the outbox does not show its selections');
  });
  await narrowCase('outbox (admin)', page, '/verwaltung/postausgang');
  await axeAll('notification settings (admin)', async () => {
    expectStatus(await nav(page, '/konto/benachrichtigungen'), 200, 'GET /konto/benachrichtigungen');
  });
  await narrowCase('one account (admin)', page, account);

  // ---- the new user: the first login leads to the password change, nothing else opens ----
  await page.context().clearCookies();
  const changed = await test('first login: the password must be changed before anything else', async () => {
    await nav(page, '/anmelden');
    await page.fill('#f-username', 'j.weber');
    await page.fill('#f-password', reset);
    await follow(page, () => page.getByRole('button', { name: 'Anmelden' }).click());
    assert(where() === '/konto/passwort', `after login: ${where()}`);
    await nav(page, '/massnahmen');
    assert(where() === '/konto/passwort', `/massnahmen opened at ${where()}`);
    const own = 'Jonas-Eigenes-Passwort-2026';
    await page.fill('#f-current', reset);
    await page.fill('#f-new_password', own);
    await page.fill('#f-repeat', own);
    await follow(page, () => page.getByRole('button', { name: 'Passwort ändern' }).click());
    assert((await main()).includes('Ihr Passwort wurde geändert'), 'no success message');
    expectStatus(await nav(page, '/massnahmen'), 200, 'GET /massnahmen after the change');
    assert(where() === '/massnahmen', `still sent to ${where()}`);
  });
  if (changed) {
    // the forced state once more for axe: reset again as admin, then look as the user
    await ctx.login(page, 'admin');
    await nav(page, `${account}/passwort`);
    await follow(page, () => page.getByRole('button', { name: 'Ja, Passwort zurücksetzen' }).click());
    const again = (await page.locator('.password code').innerText()).trim();
    await page.context().clearCookies();
    await nav(page, '/anmelden');
    await page.fill('#f-username', 'j.weber');
    await page.fill('#f-password', again);
    await follow(page, () => page.getByRole('button', { name: 'Anmelden' }).click());
    await axeAll('password change required (new user)', async () => {
      assert(where() === '/konto/passwort', `after login: ${where()}`);
      assert((await main()).includes('Bitte wählen Sie jetzt Ihr eigenes Passwort.'), 'no notice');
    });
    await axeAll('password change with errors (new user)', async () => {
      await follow(page, () => page.getByRole('button', { name: 'Passwort ändern' }).click());
      assert(await page.locator('.error-summary').count(), 'no error summary');
    });
  }
  await page.context().clearCookies();
}

// ---- on its own: a demo server, a browser, the helpers run.mjs would pass ----------------
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('./server.mjs');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bin = path.resolve(process.env.SACHSTAND_BIN || path.join(here, '..', '..', 'target', 'debug', 'sachstand'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sachstand-admin-'));
  const server = await startServer({ bin, dir });
  const base = server.baseUrl ?? server.base ?? server.url;
  const context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(dir, 'profile-')), {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const nav = (p, target) => p.goto(base + target, { waitUntil: 'load' });
  const follow = async (p, action) => (await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), action()]))[0];
  const login = async (p, user) => {
    await p.context().clearCookies();
    await nav(p, '/anmelden');
    await p.fill('#f-username', user);
    await p.fill('#f-password', ADMIN_PASSWORD);
    await follow(p, () => p.getByRole('button', { name: 'Anmelden' }).click());
  };
  const expectStatus = (resp, want, what) => assert(resp && resp.status() === want, `${what}: HTTP ${resp?.status()}, expected ${want}`);
  const axeCase = (name, p, setup) =>
    test(`axe: ${name}`, async () => {
      if (setup) await setup();
      const v = await runAxe(p);
      if (v.length) throw new CaseFailure(`${v.length} violation(s): ${v.map((x) => x.id).join(', ')}`, describeViolations(v));
    });
  const narrowCase = (name, p, target) =>
    test(`320 px: ${name}`, async () => {
      await p.setViewportSize({ width: 320, height: 800 });
      try {
        await nav(p, target);
        const w = await p.evaluate(() => document.documentElement.scrollWidth);
        assert(w <= 320, `page is ${w} px wide at 320 px`);
      } finally {
        await p.setViewportSize({ width: 1280, height: 900 });
      }
    });
  try {
    await run({ page, base, nav, follow, login, axeCase, narrowCase, expectStatus });
  } finally {
    stopAll?.();
    await context.close().catch(() => {});
    await server.stop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const s = summary();
  console.log(`${s.passed} passed, ${s.failed} failed`);
  process.exit(s.failed ? 1 : 0);
}
