// Browser cases for issue 11, "Pages that fit the screen": at 320 px the measure list, the
// meeting list, a report and the organisation page have no horizontal scrolling, the status
// and Ampel of every measure row lie inside the viewport, the navigation works without
// JavaScript, controls are at least 24 × 24 px, and axe (WCAG + best-practice, including
// landmark-unique) finds nothing on the pages this part changed.
// Called from run.mjs (`run(ctx)`).

import { AXE_TAGS_BEST_PRACTICE, describeViolations, runAxe } from './a11y.mjs';
import { CaseFailure } from './harness.mjs';

const PHONE = { width: 320, height: 720 };

/** Horizontal overflow, cells outside the viewport, and controls smaller than 24 × 24 px. */
async function measure(page, cellSelector) {
  return page.evaluate((sel) => {
    const vw = window.innerWidth;
    const out = { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, cells: 0, outside: [], small: [], wide: [] };
    // what sticks out past the right edge without a scrolling box around it
    const scrolls = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 0.5 && !scrolls(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > vw + 0.5)) {
        out.wide.push(`<${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}> right ${Math.round(r.right)} px: "${(el.textContent || '').trim().slice(0, 40)}"`);
      }
    }
    if (sel) {
      for (const el of document.querySelectorAll(sel)) {
        if (getComputedStyle(el).display === 'none') continue; // an empty cell (e.g. no end date)
        out.cells += 1;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.left < -0.5 || r.right > vw + 0.5) {
          out.outside.push(`${el.getAttribute('data-label') || el.className}: "${el.textContent.trim().slice(0, 30)}" at ${Math.round(r.left)}–${Math.round(r.right)} px`);
        }
      }
    }
    // Controls (WCAG 2.2 2.5.8): buttons, form fields, navigation and sort links, pager links.
    // Links inside running text are exempt by the criterion and not listed here.
    const controls = 'button, input:not([type=hidden]), select, textarea, summary, .main-nav a, thead a, .pager a, .actions a, .button, td.num a';
    for (const el of document.querySelectorAll(controls)) {
      const st = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (st.display === 'none' || st.visibility === 'hidden' || (r.width === 0 && r.height === 0)) continue;
      if (el.closest('[hidden], .visually-hidden, .session-warning')) continue;
      if (r.width < 23.5 || r.height < 23.5) {
        out.small.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> "${(el.textContent || el.value || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)} px`);
      }
    }
    return out;
  }, cellSelector);
}

export async function run(ctx) {
  const { page, login, logout, nav, test, assert, pathname } = ctx;
  const ok = await test('phone: login as ag (AG-Mitglied)', () => login(page, 'ag'));
  if (!ok) return;
  await page.setViewportSize(PHONE);
  let reportPath = null;
  try {
    const pages = [
      { name: 'measure list', path: '/massnahmen', cells: 'table.stack td[data-label="Status"], table.stack td[data-label="Ampel"]', min: 40 },
      { name: 'meeting list', path: '/sitzungen', cells: 'table.stack td[data-label="Status"], table.stack td[data-label="Datum"]', min: 2 },
      { name: 'organisation', path: '/organisation', cells: 'table.stack td[data-label]', min: 10 },
      { name: 'overview', path: '/', cells: 'table.stack td[data-label="Status"], table.stack td[data-label="Ampel"]', min: 0 },
      { name: 'report', path: null, cells: 'table.key-figures td.num', min: 10 },
    ];
    for (const p of pages) {
      await test(`phone 320 px: ${p.name}: no sideways scrolling, status and Ampel inside the viewport, controls ≥ 24 px`, async () => {
        let target = p.path;
        if (!target) {
          await nav(page, '/berichte');
          const href = await page.locator('main a[href^="/berichte/"]').evaluateAll((as) =>
            // the oldest report: the XSS suite before this one fills the newer drafts with
            // payloads made of very long unbroken strings
            as.map((a) => a.getAttribute('href')).filter((h) => /^\/berichte\/\d+$/.test(h)).pop());
          assert(href, 'no report listed on /berichte');
          target = reportPath = href;
        }
        const resp = await nav(page, target);
        assert(resp && resp.status() === 200, `HTTP ${resp?.status()} for ${target}`);
        const m = await measure(page, p.cells);
        const problems = [];
        if (m.scrollWidth > m.innerWidth) {
          problems.push(`scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`);
          problems.push(...m.wide.slice(0, 6).map((w) => `sticks out: ${w}`));
        }
        if (m.cells < p.min) problems.push(`only ${m.cells} labelled cells (expected at least ${p.min})`);
        problems.push(...m.outside.slice(0, 8).map((o) => `outside the viewport: ${o}`));
        problems.push(...m.small.slice(0, 12).map((s) => `target smaller than 24 × 24 px: ${s}`));
        assert(problems.length === 0, `${problems.length} problem(s) on ${target}`, problems);
        return `scrollWidth ${m.scrollWidth}, ${m.cells} cells checked`;
      });
    }

    await test('phone 320 px: measure codes never wrap', async () => {
      await nav(page, '/massnahmen');
      const wrapped = await page.evaluate(() =>
        [...document.querySelectorAll('td.stack-code')]
          .filter((td) => {
            const lh = parseFloat(getComputedStyle(td).lineHeight) || 24;
            return td.getBoundingClientRect().height > lh * 1.5;
          })
          .map((td) => td.textContent.trim()));
      assert(wrapped.length === 0, `${wrapped.length} code(s) wrap`, wrapped.slice(0, 10));
    });

    await test('phone 320 px: the navigation works without JavaScript (every item visible and followed)', async () => {
      // JavaScript off for this page through the DevTools protocol (a persistent context
      // cannot open a second context with javaScriptEnabled: false).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      try {
        await nav(page, '/');
        const links = await page.locator('nav.main-nav a').evaluateAll((as) => as.map((a) => {
          const r = a.getBoundingClientRect();
          return { href: a.getAttribute('href'), text: a.textContent.trim(), visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth + 0.5, h: Math.round(r.height), w: Math.round(r.width) };
        }));
        assert(links.length >= 8, `only ${links.length} navigation links`);
        const bad = links.filter((l) => !l.visible || l.h < 24 || l.w < 24 || !l.href?.startsWith('/'));
        assert(bad.length === 0, `${bad.length} navigation link(s) hidden, off-screen or too small`, bad.map((b) => JSON.stringify(b)));
        await Promise.all([page.waitForNavigation(), page.locator('nav.main-nav a', { hasText: 'Sitzungen' }).click()]);
        assert(pathname(page) === '/sitzungen', `navigation led to ${pathname(page)}`);
        return `${links.length} links, JavaScript off`;
      } finally {
        await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
        await cdp.detach();
      }
    });

    const axePages = ['/massnahmen', '/sitzungen', '/organisation', '/', '/massnahmen/1', reportPath].filter(Boolean);
    // the other main pages once, at desktop width (landmark-unique is width-independent)
    const morePages = ['/programme', '/ziele', '/bewertung', '/haushalt', '/kapazitaet', '/berichte', '/sitzungen/1'];
    for (const w of [320, 1280]) {
      await page.setViewportSize({ width: w, height: 800 });
      for (const target of w === 1280 ? [...axePages, ...morePages] : axePages) {
        await test(`axe (WCAG + best-practice) at ${w} px: ${target}`, async () => {
          await nav(page, target);
          const violations = await runAxe(page, AXE_TAGS_BEST_PRACTICE);
          if (violations.length) {
            throw new CaseFailure(
              `${violations.length} violation(s) on ${target}: ${violations.map((v) => `${v.id} [${v.impact}]`).join(', ')}`,
              describeViolations(violations),
            );
          }
          return target;
        });
      }
    }

    await test('status form: Gelb/Rot fields follow the Ampel with JavaScript; a 422 focuses the error summary', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await nav(page, '/massnahmen/1');
      const set = page.locator('fieldset.ampel-discipline');
      await page.check('#f-ampel-gruen');
      assert(await set.isHidden(), 'cause/options shown although Grün is chosen');
      await page.check('#f-ampel-rot');
      assert(await set.isVisible(), 'cause/options hidden although Rot is chosen');
      assert(await page.locator('.no-js-hint').isHidden(), 'the no-JavaScript hint is still shown');
      await page.fill('#f-text', '');
      const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sachstand speichern' }).click()]);
      assert(resp && resp.status() === 422, `empty Sachstand: HTTP ${resp?.status()}`);
      const focused = await page.evaluate(() => document.activeElement?.classList.contains('error-summary'));
      assert(focused, 'the error summary does not have the focus after the 422');
      return pathname(page);
    });
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  await test('phone: logout (ag)', () => logout(page));
}
