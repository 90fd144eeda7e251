// Nothing lost, even on the second try: two people (two browser contexts, "ag" and "admin")
// edit one measure. Different fields → both kept; the same field → the 409 page with a
// choice (axe-core on it, 1280 and 320 px). Then a stale status form: 409 with the newer
// update next to the input, "Meine Meldung trotzdem speichern" saves it.
//
// Called from run.mjs with the shared helpers; it opens its own second context (a second
// person needs a second cookie jar).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

const LOGIN_ADMIN = 'Demo-Admin-2026';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function run(ctx) {
  const { page, base, nav, follow, login, expectStatus, test, assert, pathname } = ctx;
  const stamp = Date.now().toString(36);
  const shots = process.env.CONFLICT_SHOTS; // optional folder for screenshots of the 409 pages

  // The second person: its own persistent context (fresh profile), removed afterwards.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sachstand-conflicts-'));
  let other = null;
  let b = null;
  const otherOk = await test('conflicts: a second person (admin) in a second browser context', async () => {
    other = await chromium.launchPersistentContext(dir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    b = other.pages()[0] || (await other.newPage());
    b.setDefaultTimeout(10000);
    await b.goto(`${base}/anmelden`);
    await b.fill('#f-username', 'admin');
    await b.fill('#f-password', LOGIN_ADMIN);
    await Promise.all([b.waitForNavigation(), b.getByRole('button', { name: 'Anmelden' }).click()]);
    assert(!new URL(b.url()).pathname.startsWith('/anmelden'), 'admin login failed');
  });
  const close = async () => {
    if (other) await other.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (!otherOk) return close();
  const agOk = await test('conflicts: login as ag', () => login(page, 'ag'));
  if (!agOk) return close();

  // A measure both can edit: the second one of the list.
  expectStatus(await nav(page, '/massnahmen'), 200, 'GET /massnahmen');
  const hrefs = await page.$$eval('table.data tbody td a[href^="/massnahmen/"]', (as) => as.map((a) => a.getAttribute('href')));
  // the third measure of the list (the main run edits the first two)
  const measure = hrefs[2] ?? hrefs[0];
  assert(measure, 'no measure on /massnahmen');
  const edit = `${measure}/bearbeiten`;
  const bFollow = (action) => Promise.all([b.waitForNavigation({ waitUntil: 'load' }), action()]).then(([r]) => r);

  await test('conflicts: A changes the title, B the description → both kept, B is told', async () => {
    await nav(page, edit);
    await b.goto(base + edit);
    const title = `${await page.inputValue('#f-title')} (A ${stamp})`.slice(0, 200);
    await page.fill('#f-title', title);
    const r1 = await follow(page, () => page.getByRole('button', { name: 'Speichern' }).click());
    assert(r1?.status() === 200 && pathname(page) === measure, `A's save: HTTP ${r1?.status()} at ${pathname(page)}`);
    const desc = `Beschreibung von B ${stamp}`;
    await b.fill('#f-description', desc);
    const r2 = await bFollow(() => b.getByRole('button', { name: 'Speichern' }).click());
    assert(r2?.status() === 200, `B's save: HTTP ${r2?.status()}`);
    const flash = await b.locator('[role="status"]').first().innerText();
    assert(flash.includes('zusammengeführt'), `flash: ${flash}`);
    const main = await b.locator('main').innerText();
    assert(main.includes(title) && main.includes(desc), "the measure page does not show both changes");
  });

  let conflictOk = false;
  await test('conflicts: both change the title → 409 with a choice, input kept', async () => {
    await nav(page, edit);
    await b.goto(base + edit);
    const a = `Titel von A ${stamp}`;
    const mine = `Titel von B ${stamp}`;
    await page.fill('#f-title', a);
    await follow(page, () => page.getByRole('button', { name: 'Speichern' }).click());
    await b.fill('#f-title', mine);
    await b.fill('#f-effort_days', '42');
    const r = await bFollow(() => b.getByRole('button', { name: 'Speichern' }).click());
    assert(r?.status() === 409, `B's save: HTTP ${r?.status()}, expected 409`);
    assert((await b.title()).startsWith('Fehler:'), `title ${await b.title()}`);
    const panel = await b.locator('.conflict[role="alert"]').innerText();
    assert(/wurde inzwischen geändert – von .+ am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/.test(panel), `who/when missing: ${panel.slice(0, 200)}`);
    assert(panel.includes(a) && panel.includes(mine), 'both titles are not shown');
    assert(panel.includes('bitte wählen'), 'the field is not marked');
    assert((await b.inputValue('#f-title')) === mine, 'B\'s input was not kept');
    assert((await b.inputValue('#f-effort_days')) === '42', 'B\'s other input was not kept');
    // saving without a choice asks again
    const again = await bFollow(() => b.getByRole('button', { name: 'Speichern' }).click());
    assert(again?.status() === 409, `without a choice: HTTP ${again?.status()}`);
    assert((await b.locator('.conflict').innerText()).includes('Bitte wählen Sie bei dem markierten Feld'), 'no request to choose');
    conflictOk = true;
    if (shots) {
      await b.screenshot({ path: path.join(shots, 'conflict-1280.png'), fullPage: true });
      await b.setViewportSize({ width: 390, height: 800 });
      await b.screenshot({ path: path.join(shots, 'conflict-390.png'), fullPage: true });
      await b.setViewportSize({ width: 1280, height: 800 });
    }
  });
  await test('axe: 409 merge page with a choice (admin, second context)', async () => {
    assert(conflictOk, 'previous case did not reach the 409 page');
    const { runAxe, describeViolations } = await import('./a11y.mjs');
    const v = await runAxe(b);
    assert(v.length === 0, `${v.length} violation(s): ${v.map((x) => x.id).join(', ')}`, describeViolations(v));
    await b.setViewportSize({ width: 320, height: 720 });
    const w = await b.evaluate(() => document.documentElement.scrollWidth);
    await b.setViewportSize({ width: 1280, height: 800 });
    assert(w <= 320, `scrollWidth ${w} > 320 on the 409 page`);
    return `0 violations, scrollWidth at 320 px: ${w}`;
  });
  await test('conflicts: "Meine Eingabe übernehmen" by keyboard saves B\'s title', async () => {
    assert(conflictOk, 'no 409 page');
    await b.locator('#wahl-title-m').focus();
    await b.keyboard.press('Space');
    assert(await b.locator('#wahl-title-m').isChecked(), 'radio not checked by keyboard');
    const r = await bFollow(() => b.getByRole('button', { name: 'Speichern' }).click());
    assert(r?.status() === 200 && new URL(b.url()).pathname === measure, `HTTP ${r?.status()} at ${b.url()}`);
    const main = await b.locator('main').innerText();
    assert(main.includes(`Titel von B ${stamp}`), 'B\'s title not stored');
  });

  // ---- the stale status form ------------------------------------------------------------------
  let staleOk = false;
  await test('conflicts: a stale status form warns with the newer update, input kept', async () => {
    await nav(page, measure);
    await b.goto(base + measure);
    await page.selectOption('#f-status', 'umsetzung');
    await page.fill('#f-progress', '88');
    await page.check('#f-ampel-gruen');
    await page.fill('#f-text', `Pilot läuft stabil (${stamp}).`);
    const r1 = await follow(page, () => page.getByRole('button', { name: 'Sachstand speichern' }).click());
    assert(r1?.status() === 200, `first status update: HTTP ${r1?.status()}`);
    await b.selectOption('#f-status', 'umsetzung');
    await b.fill('#f-progress', '85');
    await b.check('#f-ampel-gruen');
    await b.fill('#f-text', `Mein älterer Stand (${stamp}).`);
    const r2 = await bFollow(() => b.getByRole('button', { name: 'Sachstand speichern' }).click());
    assert(r2?.status() === 409, `stale status form: HTTP ${r2?.status()}, expected 409`);
    const box = await b.locator('#neuere-meldung').innerText();
    assert(box.includes('88 %') && box.includes(`Pilot läuft stabil (${stamp}).`), `newer update not shown: ${box.slice(0, 900).replace(/\s+/g, " ")}`);
    assert((await b.inputValue('#f-progress')) === '85', 'progress input not kept');
    assert((await b.inputValue('#f-text')) === `Mein älterer Stand (${stamp}).`, 'text input not kept');
    staleOk = true;
    if (shots) {
      await b.locator('#neuere-meldung').scrollIntoViewIfNeeded();
      await b.screenshot({ path: path.join(shots, 'stale-status-1280.png'), fullPage: false });
      await b.setViewportSize({ width: 390, height: 800 });
      await b.locator('#neuere-meldung').scrollIntoViewIfNeeded();
      await b.screenshot({ path: path.join(shots, 'stale-status-390.png'), fullPage: false });
      await b.setViewportSize({ width: 1280, height: 800 });
    }
  });
  await test('axe: stale status form (409)', async () => {
    assert(staleOk, 'no 409 page');
    const { runAxe, describeViolations } = await import('./a11y.mjs');
    const v = await runAxe(b);
    assert(v.length === 0, `${v.length} violation(s): ${v.map((x) => x.id).join(', ')}`, describeViolations(v));
  });
  await test('conflicts: "Meine Meldung trotzdem speichern" stores the update', async () => {
    assert(staleOk, 'no 409 page');
    const r = await bFollow(() => b.getByRole('button', { name: 'Meine Meldung trotzdem speichern' }).click());
    assert(r?.status() === 200, `HTTP ${r?.status()}`);
    const flash = await b.locator('[role="status"]').first().innerText();
    assert(flash.includes('Die Sachstandsmeldung wurde gespeichert.'), `flash: ${flash}`);
    const history = await b.locator('.timeline li').first().innerText();
    assert(history.includes('85 %') && history.includes(`Mein älterer Stand (${stamp}).`), `history: ${history.slice(0, 200)}`);
  });
  await close();
}
