#!/usr/bin/env node
// Browser tests for Sachstand (see /work/shared/QUALITY.md, "Browser test recipe").
//
// Starts `sachstand serve --demo` on a free port with a fresh temp database, drives Debian's
// Chromium through playwright-core and checks: the AG member's status-update journey (by
// keyboard, timed), Ampel discipline, the 409 conflict page, axe-core (WCAG 2.1 A/AA) on every
// page type × role × state, Tab reachability / visible focus / no trap, no horizontal page
// scrolling at 320 px, and no CSP violations or console errors.
//
//   node tests/browser/run.mjs            (SACHSTAND_BIN overrides target/debug/sachstand)
//   BROWSER_ONLY=agenda.mjs node tests/browser/run.mjs   (only the named feature suites)
//
// Prints "ok - …" / "not ok - …: reason" per case and closes with "N passed, M failed";
// exit code 1 when anything failed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { axeVersion, describeViolations, runAxe } from './a11y.mjs';
import { CaseFailure, assert, fail, stopAll, summary, test } from './harness.mjs';
import { startServer } from './server.mjs';
import { runXssCases } from './xss.mjs';
import { runMoreXssCases } from './xss_more.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const BIN = path.resolve(process.env.SACHSTAND_BIN || path.join(repo, 'target', 'debug', 'sachstand'));
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RUN_BUDGET_MS = Number(process.env.BROWSER_TEST_BUDGET_MS || 720000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const LOGINS = {
  admin: 'Demo-Admin-2026',
  ag: 'Demo-AG-2026!',
  ob: 'Demo-Leitung-2026',
  rat: 'Demo-Rat-2026!',
};

// ---------------------------------------------------------------------------------------------
// Resources and their cleanup (every exit path goes through cleanup()).

const res = { tmp: null, server: null, context: null };
let cleaning = null;

/** Close the browser, stop the server, delete the temp dir; idempotent, one shared promise. */
function cleanup() {
  cleaning ??= (async () => {
    if (res.context) {
      await Promise.race([res.context.close().catch(() => {}), sleep(5000)]);
    }
    if (res.server) {
      if (summary().failed > 0) {
        const tail = res.server.log().trimEnd().split('\n').slice(-15);
        for (const l of tail) console.log(`# server: ${l.replace(/\x1b\[[0-9;]*m/g, '')}`);
      }
      await res.server.stop().catch(() => {});
    }
    if (res.tmp) {
      try {
        fs.rmSync(res.tmp, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
      } catch (e) {
        console.log(`# could not remove ${res.tmp}: ${e.message}`);
      }
    }
  })();
  return cleaning;
}

let finished = false;

/** Clean up, print the closing line once, exit. */
async function finishAndExit() {
  await cleanup();
  if (finished) return;
  finished = true;
  const { passed, failed } = summary();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

async function abort(reason) {
  if (!finished) fail('run', reason);
  stopAll();
  await finishAndExit();
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => abort(`interrupted by ${sig}`));

const watchdog = setTimeout(() => abort(`whole run exceeded ${RUN_BUDGET_MS / 1000} s`), RUN_BUDGET_MS);

// ---------------------------------------------------------------------------------------------
// What every page does while we drive it: document responses, console output, CSP reports.

const documents = []; // { url, status, csp, html }
const errorDocuments = new Set(); // urls of main documents answered with >= 400 (expected here)
const consoleProblems = []; // { page, type, text, at }
const consoleNotes = [];
const cspViolations = [];
const pagesWithoutStatementLink = [];

function watchPage(p) {
  p.setDefaultTimeout(10000);
  p.setDefaultNavigationTimeout(15000);
  p.on('response', (r) => {
    const req = r.request();
    if (!req.isNavigationRequest() || r.frame() !== p.mainFrame()) return;
    const h = r.headers();
    documents.push({
      url: r.url(),
      status: r.status(),
      csp: h['content-security-policy'] || null,
      html: (h['content-type'] || '').startsWith('text/html'),
    });
    if (r.status() >= 400) errorDocuments.add(r.url());
  });
  p.on('console', (m) => {
    const loc = m.location() || {};
    const text = m.text();
    // The browser logs every 4xx document it loads; 403/404/409/422 are what these tests ask for.
    if (/^Failed to load resource/.test(text) && errorDocuments.has(loc.url)) return;
    const entry = { page: p.url(), type: m.type(), text, at: loc.url ? `${loc.url}:${loc.lineNumber}` : '' };
    if (['error', 'warning', 'assert'].includes(m.type()) || /Content.Security.Policy|Refused to/i.test(text)) {
      consoleProblems.push(entry);
    } else {
      consoleNotes.push(entry);
    }
  });
  p.on('pageerror', (e) => consoleProblems.push({ page: p.url(), type: 'pageerror', text: e.message, at: '' }));
}

// ---------------------------------------------------------------------------------------------
// Page helpers.

let base = '';

async function nav(p, target) {
  const resp = await p.goto(base + target, { waitUntil: 'load' });
  return resp;
}

/** Run `action` (a click or key press that submits/follows) and wait for the next document. */
async function follow(p, action) {
  const [resp] = await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), action()]);
  return resp;
}

const pathname = (p) => new URL(p.url()).pathname;

async function focusInfo(p) {
  return p.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'focus on <body>';
    const id = el.id ? `#${el.id}` : '';
    const cls = el.className && typeof el.className === 'string' ? `.${el.className.split(/\s+/).join('.')}` : '';
    return `focus on <${el.tagName.toLowerCase()}${id}${cls}> "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
  });
}

const focused = (p, selector) => p.evaluate((s) => !!document.activeElement?.matches(s), selector);

/** Press Tab until the focused element matches `selector`: proves it is keyboard-reachable. */
async function tabTo(p, selector, max = 160) {
  for (let i = 1; i <= max; i++) {
    await p.keyboard.press('Tab');
    if (await focused(p, selector)) return i;
  }
  throw new CaseFailure(`${selector} not reached with ${max} Tab presses on ${pathname(p)}`, [await focusInfo(p)]);
}

async function login(p, user) {
  await p.context().clearCookies(); // a fresh session whatever happened before
  await nav(p, '/anmelden');
  await p.fill('#f-username', user);
  await p.fill('#f-password', LOGINS[user]);
  const resp = await follow(p, () => p.getByRole('button', { name: 'Anmelden' }).click());
  assert(
    !pathname(p).startsWith('/anmelden'),
    `login as ${user} failed: HTTP ${resp?.status()} at ${pathname(p)}: ${(await p.locator('main').innerText()).slice(0, 200)}`,
  );
}

async function logout(p) {
  if (!(await p.getByRole('button', { name: 'Abmelden' }).count())) await nav(p, '/');
  await follow(p, () => p.getByRole('button', { name: 'Abmelden' }).click());
  const resp = await nav(p, '/massnahmen');
  assert(pathname(p) === '/anmelden', `after logout /massnahmen answered HTTP ${resp?.status()} at ${pathname(p)}`);
}

async function title(p) {
  return p.title();
}

/** Assert the document's HTTP status. */
function expectStatus(resp, want, what) {
  assert(resp, `${what}: no response`);
  assert(resp.status() === want, `${what}: HTTP ${resp.status()}, expected ${want} (${resp.url()})`);
}

/** One axe case for the page's current document. `setup` navigates/acts first. */
async function axeCase(name, p, setup) {
  return test(`axe: ${name}`, async () => {
    if (setup) await setup();
    const where = pathname(p) + new URL(p.url()).search;
    const hasStatementLink = await p.locator('a[href="/barrierefreiheit"]').count();
    if (!hasStatementLink) pagesWithoutStatementLink.push(`${name} (${where})`);
    const violations = await runAxe(p);
    if (violations.length) {
      throw new CaseFailure(
        `${violations.length} violation(s) on ${where}: ${violations.map((v) => `${v.id} [${v.impact}]`).join(', ')}`,
        describeViolations(violations),
      );
    }
    return where;
  });
}

/**
 * Why the page is wider than `width`: the elements that stick out past the right edge and are
 * not clipped by a scrolling box (an absolutely positioned element escapes a scroller that is
 * not its containing block), reported where the overflow starts (parent not an offender).
 */
async function overflowReport(p, width) {
  return p.evaluate((w) => {
    const clipped = (el) => {
      const pos = getComputedStyle(el).position;
      if (pos === 'fixed') return false;
      let abs = pos === 'absolute';
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        const clips = /(auto|scroll|hidden|clip)/.test(s.overflowX);
        if (abs && s.position === 'static') continue; // not the containing block: no clipping
        if (clips) return true;
        if (s.position === 'fixed') return false;
        if (abs) abs = s.position === 'absolute';
      }
      return false;
    };
    const describe = (el) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls}`;
    };
    const path = (el) => {
      const parts = [];
      for (let a = el; a && a !== document.body && parts.length < 4; a = a.parentElement) parts.unshift(describe(a));
      return parts.join(' > ');
    };
    const offenders = new Set();
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > w + 0.5 && !clipped(el)) offenders.add(el);
    }
    const groups = new Map();
    for (const el of offenders) {
      if (offenders.has(el.parentElement)) continue;
      const r = el.getBoundingClientRect();
      const key = path(el);
      const g = groups.get(key) || { key, n: 0, right: 0, width: 0, text: '' };
      g.n += 1;
      if (r.right > g.right) {
        g.right = Math.round(r.right);
        g.width = Math.round(r.width);
        g.text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
      }
      groups.set(key, g);
    }
    const list = [...groups.values()]
      .sort((a, b) => b.right - a.right)
      .slice(0, 8)
      .map((g) => `${g.key}${g.n > 1 ? ` (×${g.n})` : ''}: right edge ${g.right}px, width ${g.width}px, "${g.text}"`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders: list };
  }, width);
}

/**
 * Tab through the whole page: every visible control must be reached (one stop per radio
 * group), each focused element must show a focus indicator, and focus must come back round
 * to the first stop (no keyboard trap).
 */
async function keyboardCase(name, p, target) {
  return test(`keyboard: ${name}: all controls reachable by Tab, focus visible, no trap`, async () => {
    const resp = await nav(p, target);
    assert(resp && resp.status() < 500, `HTTP ${resp?.status()} for ${target}`);
    const controls = await p.evaluate(() => {
      const sel = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
      const out = [];
      let i = 0;
      for (const el of document.querySelectorAll(sel)) {
        const st = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        if (st.visibility === 'hidden' || st.display === 'none' || (r.width === 0 && r.height === 0)) continue;
        el.dataset.kbdProbe = String(i++);
        const label = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').replace(/\s+/g, ' ').trim().slice(0, 40);
        out.push({
          key: el.dataset.kbdProbe,
          what: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''}> "${label}"`,
          group: el.type === 'radio' ? `radio:${el.form ? [...document.forms].indexOf(el.form) : ''}:${el.name}` : null,
        });
      }
      return out;
    });
    const seen = new Set();
    const order = [];
    const invisible = [];
    let wrapped = false;
    const max = controls.length * 2 + 20;
    for (let i = 0; i < max; i++) {
      await p.keyboard.press('Tab');
      const f = await p.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body || el === document.documentElement) return null;
        const st = getComputedStyle(el);
        const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;
        const shadow = st.boxShadow && st.boxShadow !== 'none';
        return { key: el.dataset.kbdProbe ?? null, tag: el.tagName.toLowerCase(), id: el.id, visible: outline || shadow };
      });
      if (!f) continue; // focus left the document (browser UI) before wrapping round
      const k = f.key ?? `${f.tag}#${f.id}`;
      if (k === order[order.length - 1]) continue; // date inputs: one Tab stop per day/month/year part
      if (seen.has(k)) {
        wrapped = k === order[0];
        break;
      }
      seen.add(k);
      order.push(k);
      if (!f.visible) invisible.push(controls.find((c) => c.key === f.key)?.what ?? `<${f.tag}#${f.id}>`);
    }
    const groupsReached = new Set(controls.filter((c) => c.group && seen.has(c.key)).map((c) => c.group));
    const missed = controls.filter((c) => !seen.has(c.key) && !(c.group && groupsReached.has(c.group)));
    const problems = [
      ...missed.map((c) => `not reachable by Tab: ${c.what}`),
      ...invisible.map((w) => `no visible focus indicator: ${w}`),
    ];
    if (!wrapped) problems.push(`Tab did not come back round to the first stop after ${order.length} stops (trap?)`);
    assert(problems.length === 0, `${problems.length} problem(s) on ${target}`, problems.slice(0, 20));
    return `${order.length} Tab stops`;
  });
}

async function narrowCase(name, p, target) {
  return test(`320 px: ${name} has no horizontal page scrolling`, async () => {
    await p.setViewportSize({ width: 320, height: 720 });
    try {
      const resp = await nav(p, target);
      assert(resp && resp.status() === 200, `HTTP ${resp?.status()} for ${target}`);
      const r = await overflowReport(p, 320);
      assert(
        r.scrollWidth <= 320,
        `document.documentElement.scrollWidth = ${r.scrollWidth} > 320 on ${target}`,
        r.offenders.map((o) => `sticks out: ${o}`),
      );
      return `scrollWidth ${r.scrollWidth}`;
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
    }
  });
}

function isoInDays(days) {
  const d = new Date(Date.now() + days * 86400000);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The run.

async function main() {
  const t0 = performance.now();
  res.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sachstand-browser-'));
  const profileDir = fs.mkdtempSync(path.join(res.tmp, 'chromium-profile-'));

  const setupOk = await test('setup: server with demo data answers /healthz', async () => {
    res.server = await startServer({ bin: BIN, dir: res.tmp });
    base = res.server.baseUrl;
    return `${base}, ${path.relative(repo, BIN) || BIN}`;
  });
  if (!setupOk) return;

  const browserOk = await test('setup: Debian Chromium starts (persistent context, fresh profile)', async () => {
    assert(fs.existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
    res.context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      // our own handlers close the browser, stop the server and print the closing line
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return `${res.context.browser()?.version() ?? 'chromium'}, axe-core ${axeVersion}`;
  });
  if (!browserOk) return;

  const ctx = res.context;
  // securitypolicyviolation events are reported to Node through a binding (CDP, not CSP-bound).
  await ctx.exposeBinding('__sachstandCspReport', (source, v) => {
    cspViolations.push({ page: source.page?.url() ?? '?', ...v });
  });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__sachstandCspReport({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
        sample: e.sample,
      });
    });
  });
  ctx.on('page', watchPage);
  for (const p of ctx.pages()) watchPage(p);
  const page = ctx.pages()[0] || (await ctx.newPage());

  // BROWSER_ONLY=agenda.mjs[,meetings.mjs]: only these feature suites, then the checks over
  // all pages (the core cases and the XSS corpus are skipped).
  const only = (process.env.BROWSER_ONLY || '').split(',').map((f) => f.trim()).filter(Boolean);
  core: {
  if (only.length) break core;

  // ---- anonymous ----------------------------------------------------------------------------
  await axeCase('login page (anonymous)', page, async () => {
    const resp = await nav(page, '/anmelden');
    expectStatus(resp, 200, 'GET /anmelden');
  });
  await axeCase('login page with error (wrong password)', page, async () => {
    await nav(page, '/anmelden');
    await page.fill('#f-username', 'niemand-browsertest');
    await page.fill('#f-password', 'falsches-Passwort-123');
    await follow(page, () => page.getByRole('button', { name: 'Anmelden' }).click());
    assert(pathname(page) === '/anmelden', `wrong password did not stay on /anmelden (${pathname(page)})`);
    assert(await page.locator('[role="alert"]').count(), 'no role=alert error message after a failed login');
    const t = await title(page);
    assert(t.startsWith('Fehler:'), `page title "${t}" does not start with "Fehler:"`);
  });
  await axeCase('accessibility statement (anonymous)', page, async () => {
    expectStatus(await nav(page, '/barrierefreiheit'), 200, 'GET /barrierefreiheit');
  });

  // ---- AG member: journey 1 -----------------------------------------------------------------
  let measure = null; // { href, title, status, code }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const updateText = `Browsertest ${stamp}: Schnittstelle zum Fachverfahren abgenommen.`;
  const nextSteps = `Pilotbetrieb im Bürgerbüro starten (${stamp}).`;
  const reason = `Lieferverzug des Dienstleisters (${stamp}).`;
  const options = `Ersatzlieferant beauftragen oder Termin verschieben (${stamp}).`;

  const journeyOk = await test(
    'journey 1 (ag): log in, filter, open a measure, report Gelb with reason – by keyboard',
    async () => {
      const start = performance.now();
      // Login page: the skip link is the first Tab stop.
      await nav(page, '/anmelden');
      await page.keyboard.press('Tab');
      assert(await focused(page, 'a.skip-link[href="#inhalt"]'), 'first Tab stop on /anmelden is not the skip link', [
        await focusInfo(page),
      ]);
      await tabTo(page, '#f-username');
      await page.keyboard.insertText('ag');
      await tabTo(page, '#f-password');
      await page.keyboard.insertText(LOGINS.ag);
      let resp = await follow(page, () => page.keyboard.press('Enter'));
      assert(pathname(page) === '/', `after login at ${pathname(page)} (HTTP ${resp?.status()}), expected /`);

      // Overview: skip link first, Enter moves focus to <main>.
      await page.keyboard.press('Tab');
      assert(await focused(page, 'a.skip-link'), 'first Tab stop on / is not the skip link', [await focusInfo(page)]);
      await page.keyboard.press('Enter');
      let onMain = false;
      for (let i = 0; i < 20 && !onMain; i++) {
        onMain = await focused(page, 'main#inhalt');
        if (!onMain) await sleep(50);
      }
      assert(onMain, 'skip link did not move focus to <main id="inhalt">', [await focusInfo(page)]);

      // Maßnahmen via the main navigation.
      await tabTo(page, 'nav a[href="/massnahmen"]');
      await follow(page, () => page.keyboard.press('Enter'));
      assert(pathname(page) === '/massnahmen', `navigation led to ${pathname(page)}`);
      const before = await page.locator('table.data tbody tr').count();
      measure = await page.evaluate(() => {
        const a = document.querySelector('table.data tbody td a[href^="/massnahmen/"]');
        if (!a) return null;
        const row = a.closest('tr');
        return {
          href: a.getAttribute('href'),
          title: a.textContent.trim(),
          code: row.cells[0].textContent.trim(),
          status: row.cells[4].textContent.trim(),
        };
      });
      assert(measure, 'the measure list shows no measure (demo data loaded?)');

      // Search + filter by keyboard.
      await tabTo(page, '#f-q');
      await page.keyboard.insertText(measure.title);
      await tabTo(page, '#f-status');
      await page.selectOption('#f-status', { label: measure.status });
      await tabTo(page, 'form.filters button[type="submit"]');
      await follow(page, () => page.keyboard.press('Enter'));
      const q = new URL(page.url()).searchParams;
      assert(q.get('q') === measure.title, `search parameter not in URL: ${page.url()}`);
      const after = await page.locator('table.data tbody tr').count();
      assert(await page.locator(`table.data a[href="${measure.href}"]`).count(), 'filtered list lacks the measure');
      assert(after <= before, `filter did not narrow the list (${before} → ${after})`);

      // Open it.
      await tabTo(page, `table.data a[href="${measure.href}"]`);
      await follow(page, () => page.keyboard.press('Enter'));
      assert(pathname(page) === measure.href, `opened ${pathname(page)}, expected ${measure.href}`);
      assert((await page.locator('h1').innerText()).includes(measure.title), 'detail page h1 lacks the title');

      // "Sachstand melden" by keyboard.
      await tabTo(page, '#f-status');
      await page.selectOption('#f-status', 'umsetzung');
      await tabTo(page, 'input[name="ampel"]');
      for (let i = 0; i < 4 && !(await page.isChecked('#f-ampel-gelb')); i++) await page.keyboard.press('ArrowDown');
      assert(await page.isChecked('#f-ampel-gelb'), 'arrow keys did not select Ampel Gelb');
      assert(await focused(page, '#f-ampel-gelb'), 'focus is not on the Gelb radio', [await focusInfo(page)]);
      await tabTo(page, '#f-progress');
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('40');
      await tabTo(page, '#f-text');
      await page.keyboard.insertText(updateText);
      await tabTo(page, '#f-next_steps');
      await page.keyboard.insertText(nextSteps);
      await tabTo(page, '#f-reason');
      await page.keyboard.insertText(reason);
      await tabTo(page, '#f-options');
      await page.keyboard.insertText(options);
      await tabTo(page, '#f-decision_by');
      await page.locator('#f-decision_by').fill(isoInDays(30));
      await tabTo(page, 'form[action$="/sachstand"] button[type="submit"]');
      resp = await follow(page, () => page.keyboard.press('Enter'));
      assert(resp?.status() === 200, `saving answered HTTP ${resp?.status()}`, [
        ...(await page.locator('[role="alert"]').allInnerTexts()).map((t) => `alert: ${t.replace(/\s+/g, ' ')}`),
      ]);
      assert(pathname(page) === measure.href, `after saving at ${pathname(page)}, expected ${measure.href}`);
      const status = (await page.locator('[role="status"]').allInnerTexts()).join(' | ');
      assert(status.includes('Die Sachstandsmeldung wurde gespeichert.'), `no success message (role=status: "${status}")`);
      const first = page.locator('ol.timeline > li').first();
      assert(await first.count(), 'no history timeline after saving');
      const firstText = await first.innerText();
      assert(firstText.includes(updateText), 'the new status text is not the first history entry', [
        `first entry: ${firstText.replace(/\s+/g, ' ').slice(0, 200)}`,
      ]);
      for (const part of [nextSteps, reason, options, 'Gelb', '40 %']) {
        assert(firstText.includes(part), `first history entry lacks "${part}"`);
      }
      const ms = performance.now() - start;
      console.log(`# journey 1 wall time: ${(ms / 1000).toFixed(2)} s`);
      return `${(ms / 1000).toFixed(2)} s`;
    },
    { timeoutMs: 45000 },
  );

  if (journeyOk) {
    await axeCase('measure detail after saving, success message (ag)', page);
  } else {
    fail('axe: measure detail after saving, success message (ag)', 'journey 1 failed');
  }

  // Fall back to the first listed measure if the journey broke before choosing one.
  async function someMeasure(index = 0) {
    await nav(page, '/massnahmen');
    const hrefs = await page.$$eval('table.data tbody td a[href^="/massnahmen/"]', (as) => as.map((a) => a.getAttribute('href')));
    assert(hrefs.length > index, `measure list has only ${hrefs.length} measures`);
    return hrefs[index];
  }

  // ---- Ampel discipline ---------------------------------------------------------------------
  const disciplineOk = await test('Ampel discipline: Rot without reason → 422, error summary, input kept', async () => {
    if (!measure) await login(page, 'ag');
    const href = measure?.href ?? (await someMeasure(0));
    await nav(page, href);
    const typed = `Rot ohne Begründung ${stamp} – bitte nicht speichern`;
    await page.fill('#f-text', typed);
    await page.check('#f-ampel-rot');
    await page.fill('#f-reason', '');
    await page.fill('#f-options', '');
    await page.fill('#f-decision_by', '');
    const resp = await follow(page, () => page.getByRole('button', { name: 'Sachstand speichern' }).click());
    expectStatus(resp, 422, 'Rot without reason');
    const t = await title(page);
    assert(t.startsWith('Fehler:'), `page title "${t}" does not start with "Fehler:"`);
    const summaryBox = page.locator('.error-summary[role="alert"]');
    assert(await summaryBox.count(), 'no error summary with role=alert');
    assert(await summaryBox.locator('a[href="#f-reason"]').count(), 'error summary has no link to #f-reason', [
      `links: ${(await summaryBox.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).join(' ')}`,
    ]);
    assert((await page.inputValue('#f-text')) === typed, 'typed Sachstand text was not kept');
    assert(await page.isChecked('#f-ampel-rot'), 'Ampel Rot was not kept');
    assert((await page.getAttribute('#f-reason', 'aria-invalid')) === 'true', '#f-reason lacks aria-invalid="true"');
    const describedBy = (await page.getAttribute('#f-reason', 'aria-describedby')) || '';
    assert(
      describedBy && (await page.locator(`#${describedBy.split(/\s+/)[0]}`).count()),
      `#f-reason aria-describedby="${describedBy}" does not point at an element`,
    );
    await page.locator('.error-summary a[href="#f-reason"]').click();
    assert(new URL(page.url()).hash === '#f-reason', 'error link did not jump to #f-reason');
    const kept = await page.locator('ol.timeline > li').first().innerText().catch(() => '');
    assert(!kept.includes(typed), 'the rejected update was stored anyway');
  });
  await axeCase('status form with errors, 422 (ag)', page, async () => {
    assert(disciplineOk, 'previous case did not reach the 422 page');
  });

  // ---- AG member: the other pages -------------------------------------------------------------
  if (!measure) await login(page, 'ag').catch(() => {});
  await axeCase('overview (ag)', page, async () => expectStatus(await nav(page, '/'), 200, 'GET /'));
  await axeCase('measure list, default (ag)', page, async () =>
    expectStatus(await nav(page, '/massnahmen'), 200, 'GET /massnahmen'),
  );
  await axeCase('measure list, filtered (ag)', page, async () => {
    await nav(page, '/massnahmen');
    await page.selectOption('#f-ampel', 'gelb');
    await page.check('#f-archiv');
    await follow(page, () => page.getByRole('button', { name: 'Filtern' }).click());
    const q = new URL(page.url()).searchParams;
    assert(q.get('ampel') === 'gelb' && q.get('archiv') === '1', `filter not applied: ${page.url()}`);
    assert((await page.locator('.counts').innerText()).includes('gefiltert'), 'no "(gefiltert)" note');
  });
  await axeCase('measure list, sorted (ag)', page, async () => {
    await nav(page, '/massnahmen');
    const link = page.locator('table.data thead th a').nth(5);
    await follow(page, () => link.click());
    const sorted = await page.locator('table.data thead th[aria-sort="ascending"], table.data thead th[aria-sort="descending"]').count();
    assert(sorted === 1, `expected one column with aria-sort ascending/descending, found ${sorted} (${page.url()})`);
  });
  let second = null;
  await axeCase('measure detail (ag)', page, async () => {
    second = await someMeasure(1);
    expectStatus(await nav(page, second), 200, `GET ${second}`);
    assert(await page.locator('form[action$="/sachstand"]').count(), 'AG member sees no "Sachstand melden" form');
  });
  await axeCase('new measure form (ag)', page, async () =>
    expectStatus(await nav(page, '/massnahmen/neu'), 200, 'GET /massnahmen/neu'),
  );
  await axeCase('new measure form with errors, 422 (ag)', page, async () => {
    await nav(page, '/massnahmen/neu');
    const resp = await follow(page, () => page.getByRole('button', { name: 'Speichern' }).click());
    expectStatus(resp, 422, 'empty new measure');
    const t = await title(page);
    assert(t.startsWith('Fehler:'), `page title "${t}" does not start with "Fehler:"`);
    assert(await page.locator('.error-summary[role="alert"] a[href^="#f-"]').count(), 'no error summary links');
  });
  await axeCase('edit measure form (ag)', page, async () => {
    second = second ?? (await someMeasure(1));
    expectStatus(await nav(page, `${second}/bearbeiten`), 200, `GET ${second}/bearbeiten`);
  });
  // issue 16: the AG's preview of the public view
  await axeCase('public view preview (ag)', page, async () => {
    second = second ?? (await someMeasure(1));
    expectStatus(await nav(page, `${second}/oeffentlich`), 200, `GET ${second}/oeffentlich`);
    assert(await page.locator('.public-preview').count(), 'no preview notice');
  });

  // 409: two tabs edit the same version; the first saves, the second gets the conflict page.
  let conflictPage = null;
  let conflictOk = false;
  await test('409: two tabs edit one measure; the second save gets the conflict page, input kept', async () => {
    second = second ?? (await someMeasure(1));
    const edit = `${second}/bearbeiten`;
    conflictPage = await ctx.newPage();
    await nav(page, edit);
    await nav(conflictPage, edit);
    const oldTitle = await page.inputValue('#f-title');
    await page.fill('#f-title', `${oldTitle} (geändert)`.slice(0, 200));
    const r1 = await follow(page, () => page.getByRole('button', { name: 'Speichern' }).click());
    assert(r1?.status() === 200 && pathname(page) === second, `first save: HTTP ${r1?.status()} at ${pathname(page)}`, [
      ...(await page.locator('[role="alert"]').allInnerTexts()).map((t) => `alert: ${t.replace(/\s+/g, ' ').slice(0, 300)}`),
    ]);
    // the same field in both tabs (different fields are merged without asking)
    const mine = `Konflikt-Eingabe aus dem zweiten Tab ${stamp}`;
    await conflictPage.fill('#f-title', mine);
    const r2 = await follow(conflictPage, () => conflictPage.getByRole('button', { name: 'Speichern' }).click());
    expectStatus(r2, 409, 'second save of the same version');
    assert(await conflictPage.locator('.conflict[role="alert"]').count(), 'no conflict notice (role=alert)');
    assert((await conflictPage.inputValue('#f-title')) === mine, 'second tab input was not kept');
    const t = await title(conflictPage);
    assert(t.startsWith('Fehler:'), `409 page title "${t}" does not start with "Fehler:"`);
    const shown = await conflictPage.locator('.conflict').innerText();
    assert(shown.includes(mine) && shown.includes(`${oldTitle} (geändert)`), 'conflict table does not show both versions');
    conflictOk = true;
  });
  await axeCase('409 conflict page (ag)', conflictPage ?? page, async () => {
    assert(conflictOk && conflictPage, 'previous case did not reach the 409 page');
  });
  if (conflictOk && conflictPage) {
    await test('320 px: 409 conflict page (ag) has no horizontal page scrolling', async () => {
      await conflictPage.setViewportSize({ width: 320, height: 720 });
      const r = await overflowReport(conflictPage, 320);
      assert(r.scrollWidth <= 320, `document.documentElement.scrollWidth = ${r.scrollWidth} > 320 on the 409 page`,
        r.offenders.map((o) => `sticks out: ${o}`));
      return `scrollWidth ${r.scrollWidth}`;
    });
  }
  if (conflictPage) await conflictPage.close().catch(() => {});

  await axeCase('organisation (ag)', page, async () =>
    expectStatus(await nav(page, '/organisation'), 200, 'GET /organisation'),
  );
  await axeCase('404 page (ag)', page, async () => {
    expectStatus(await nav(page, '/gibt-es-nicht'), 404, 'GET /gibt-es-nicht');
    const lang = await page.getAttribute('html', 'lang');
    assert(lang === 'de', `404 page lang="${lang}"`);
    const resp = await nav(page, '/massnahmen/987654321');
    expectStatus(resp, 404, 'GET /massnahmen/987654321');
  });

  await keyboardCase('measure list (ag)', page, '/massnahmen');
  await keyboardCase('measure detail with form (ag)', page, measure?.href ?? second ?? '/massnahmen/1');
  await keyboardCase('edit measure form (ag)', page, `${second ?? '/massnahmen/1'}/bearbeiten`);

  await narrowCase('measure list (ag)', page, '/massnahmen');
  await narrowCase('measure detail with form (ag)', page, measure?.href ?? second ?? '/massnahmen/1');
  await narrowCase('overview (ag)', page, '/');
  await narrowCase('new measure form (ag)', page, '/massnahmen/neu');
  await narrowCase('edit measure form (ag)', page, `${second ?? '/massnahmen/1'}/bearbeiten`);
  await narrowCase('organisation (ag)', page, '/organisation');
  await narrowCase('accessibility statement (ag)', page, '/barrierefreiheit');

  await test('logout (ag) via the "Abmelden" button ends the session', () => logout(page));

  // ---- council member (rat) -----------------------------------------------------------------
  const ratOk = await test('login as rat (Ratsmitglied)', () => login(page, 'rat'));
  if (ratOk) {
    await axeCase('overview (rat)', page, async () => expectStatus(await nav(page, '/'), 200, 'GET /'));
    await axeCase('measure list (rat)', page, async () =>
      expectStatus(await nav(page, '/massnahmen'), 200, 'GET /massnahmen'),
    );
    await axeCase('measure detail (rat)', page, async () => {
      const href = measure?.href ?? (await someMeasure(0));
      expectStatus(await nav(page, href), 200, `GET ${href}`);
      assert(!(await page.locator('form[action$="/sachstand"]').count()), 'rat sees the "Sachstand melden" form');
    });
    await axeCase('403 page (rat opens /organisation)', page, async () => {
      expectStatus(await nav(page, '/organisation'), 403, 'rat GET /organisation');
      assert((await page.getAttribute('html', 'lang')) === 'de', '403 page is not lang="de"');
    });
    await test('logout (rat)', () => logout(page));
  }

  // ---- Leitung (ob) -------------------------------------------------------------------------
  const obOk = await test('login as ob (Leitung)', () => login(page, 'ob'));
  if (obOk) {
    await axeCase('overview (ob)', page, async () => expectStatus(await nav(page, '/'), 200, 'GET /'));
    await test('logout (ob)', () => logout(page));
  }

  // ---- administration -----------------------------------------------------------------------
  const adminOk = await test('login as admin (Administration)', () => login(page, 'admin'));
  if (adminOk) {
    await axeCase('overview (admin)', page, async () => expectStatus(await nav(page, '/'), 200, 'GET /'));
    await axeCase('admin users (admin)', page, async () =>
      expectStatus(await nav(page, '/verwaltung/benutzer'), 200, 'GET /verwaltung/benutzer'),
    );
    await axeCase('admin users, new account with errors (admin)', page, async () => {
      await nav(page, '/verwaltung/benutzer');
      const resp = await follow(page, () => page.getByRole('button', { name: 'Benutzerkonto anlegen' }).click());
      assert(resp && resp.status() >= 400 && resp.status() < 500, `empty new account: HTTP ${resp?.status()}`);
      assert(await page.locator('.error-summary[role="alert"]').count(), 'no error summary');
    });
    await narrowCase('admin users (admin)', page, '/verwaltung/benutzer');
    await narrowCase('admin audit log (admin)', page, '/verwaltung/protokoll');
    await axeCase('admin audit log (admin)', page, async () =>
      expectStatus(await nav(page, '/verwaltung/protokoll'), 200, 'GET /verwaltung/protokoll'),
    );
    await axeCase('accessibility statement (admin)', page, async () =>
      expectStatus(await nav(page, '/barrierefreiheit'), 200, 'GET /barrierefreiheit'),
    );
    await test('logout (admin)', () => logout(page));
  }

  } // core
  // ---- XSS corpus in every text field (tests/browser/xss.mjs; issue 6 "Bad input") ---------
  // Runs before the checks over all pages, so its documents count for the CSP/console checks.
  const xss = only.length ? null : await runXssCases({ ctx, page, base, logins: LOGINS });
  // ---- feature suites in their own files (each exports `run(ctx)`) ---------------------------
  const suites = ['programme.mjs', 'meetings.mjs', 'reports.mjs', 'agenda.mjs', 'conflicts.mjs', 'admin.mjs', 'phone.mjs', 'transparency.mjs', 'sso.mjs'];
  for (const file of suites.filter((f) => !only.length || only.includes(f))) {
    const suite = await import(`./${file}`);
    await suite.run({ page, base, nav, follow, login, logout, axeCase, narrowCase, keyboardCase, expectStatus, test, assert, pathname, bin: BIN });
  }
  // ---- the XSS corpus in the text fields of issues 3–5 (xss_more.mjs), after the feature
  // suites so that its records do not change what they expect; then the XSS summary
  if (xss) {
    await runMoreXssCases(xss);
    await xss.finish();
  }

  // ---- over all pages visited ---------------------------------------------------------------
  await test('CSP: no securitypolicyviolation; CSP header on every HTML document', async () => {
    const htmlDocs = documents.filter((d) => d.html && (d.status < 300 || d.status >= 400));
    assert(htmlDocs.length > 0, 'no HTML documents recorded');
    const lines = [
      ...cspViolations.map(
        (v) => `securitypolicyviolation on ${v.page}: ${v.directive} blocked ${v.blocked} at ${v.source} ${v.sample || ''}`,
      ),
      ...htmlDocs.filter((d) => !d.csp).map((d) => `no Content-Security-Policy header: HTTP ${d.status} ${d.url}`),
      ...htmlDocs
        .filter((d) => d.csp && (/unsafe-inline|unsafe-eval/.test(d.csp) || !/script-src 'self'/.test(d.csp)))
        .map((d) => `weak Content-Security-Policy on ${d.url}: ${d.csp}`),
    ];
    assert(lines.length === 0, `${lines.length} problem(s) on ${htmlDocs.length} documents`, lines.slice(0, 30));
    return `${htmlDocs.length} HTML documents, ${new Set(htmlDocs.map((d) => new URL(d.url).pathname)).size} paths`;
  });
  await test('console: no errors or warnings on the pages visited', async () => {
    const lines = consoleProblems.map((c) => `console ${c.type} on ${c.page}: ${c.text} ${c.at}`);
    assert(lines.length === 0, `${lines.length} console message(s): ${consoleProblems[0]?.text ?? ''}`, lines.slice(0, 30));
  });
  await test('every page checked by axe links the accessibility statement', async () => {
    assert(pagesWithoutStatementLink.length === 0, `${pagesWithoutStatementLink.length} page(s) without a link to /barrierefreiheit`, pagesWithoutStatementLink);
  });
  const notes = new Map();
  for (const n of consoleNotes) {
    const key = `${n.type} on ${new URL(n.page).pathname}: ${n.text.replace(/\s*\(More info:.*$/, '')}`;
    notes.set(key, (notes.get(key) || 0) + 1);
  }
  for (const [k, count] of notes) console.log(`# note: console ${k}${count > 1 ? ` (×${count})` : ''}`);
  console.log(`# browser tests took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  fail('run', `unexpected error: ${e?.stack || e}`);
} finally {
  clearTimeout(watchdog);
  await finishAndExit();
}
