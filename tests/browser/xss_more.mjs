// The XSS corpus (xss.mjs) in the text fields of the programme, meetings and report features
// (issues 3–5): organisation, fields of action, programme revisions and their changes, goals and
// readings, expectations / assessments / decisions, budget lines, capacity, meetings (single
// dates, series, agenda items, comments, minutes, decisions, tasks, postponements) and
// half-yearly reports (editorial sections, field comments, release, PDF, CSV).
//
// Stored: the storable payloads are packed into values that fit each field's limit (a payload
// longer than the limit is cut to it, as the server would reject it whole), and enough records
// are saved through the real forms that every payload lands in every text field. Then every page
// that shows them is rendered in headless Chromium under the same detectors as xss.mjs (sentinel,
// CSP violations, DOM probe, dialogs), as the roles that can see them; the values must be visible
// as text. Echoed: each form's 422 answer, with the payload groups rotated over all its text
// fields (including the structured ones such as codes, numbers and dates).
//
// Used by run.mjs after the feature suites: `await runMoreXssCases(xss)` with the object that
// runXssCases returned.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CaseFailure, assert, test } from './harness.mjs';
import { fit, formulaCell, isoInDays, norm, parseCsv, short, visible } from './xss.mjs';

const SEP = ' | ';

export async function runMoreXssCases(h) {
  const { ctx, page, base, S, N, parallel, xssCase, render, rotate422, post, loginAs } = h;
  const today = isoInDays(0);

  /** The storable payloads packed into values of at most `max` characters. */
  function pack(max) {
    const out = [];
    let cur = [];
    const len = (a) => [...a.join(SEP)].length;
    for (const p of S) {
      const s = p.s.trim();
      if (cur.length && len([...cur, s]) > max) {
        out.push(cur.join(SEP));
        cur = [];
      }
      cur.push(s);
    }
    if (cur.length) out.push(cur.join(SEP));
    return out.map((v) => fit(v, max));
  }
  /** Records such that every packed value of every field is used once: [{ field: value }]. */
  function spread(limits, min = 1) {
    const packs = Object.entries(limits).map(([f, max]) => [f, pack(max)]);
    const n = Math.max(min, ...packs.map(([, p]) => p.length));
    return [...Array(n).keys()].map((k) => Object.fromEntries(packs.map(([f, p]) => [f, p[k % p.length]])));
  }
  const all = (items, fields) => items.flatMap((it) => fields.map((f) => it[f]));

  /** The values and select options of the form with `action` on `target`, as the browser shows them. */
  async function formOf(target, action, p = page) {
    const r = await p.goto(base + target, { waitUntil: 'load' });
    assert(r && r.status() === 200, `GET ${target}: HTTP ${r?.status()}`);
    const f = await p.evaluate((action) => {
      const form = [...document.querySelectorAll('form')].find((el) => el.getAttribute('action') === action);
      if (!form) return null;
      const values = {};
      for (const [k, v] of new FormData(form)) if (k !== 'csrf_token') values[k] = v;
      const options = {};
      for (const s of form.querySelectorAll('select')) {
        options[s.name] = [...s.options].filter((o) => o.value).map((o) => ({ value: o.value, label: o.textContent.trim() }));
      }
      return { values, options };
    }, action);
    assert(f, `no form with action ${action} on ${target}`);
    const first = (name, re) => {
      const opts = f.options[name] || [];
      return ((re && opts.find((o) => re.test(o.label))) || opts[0])?.value ?? '';
    };
    return { ...f, first };
  }
  const idFrom = (location, re) => {
    const id = location.match(re)?.[1];
    if (!id) throw new CaseFailure(`no id in Location ${short(location)} (${re})`);
    return id;
  };
  /** Every form action on `target` that matches `re`. */
  async function actions(target, re) {
    await page.goto(base + target, { waitUntil: 'load' });
    const all = await page.$$eval('form[action]', (fs) => fs.map((f) => f.getAttribute('action')));
    return [...new Set(all.filter((a) => re.test(a)))];
  }
  /** Every href on `target` that matches `re` (to find the records a page lists). */
  async function links(target, re) {
    await page.goto(base + target, { waitUntil: 'load' });
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
    return [...new Set(hrefs.filter((hr) => re.test(hr)))];
  }
  const sel = (action, name, tag = '') => `form[action="${action}"] ${tag}[name="${name}"]`;
  /**
   * The 422 round of xss.mjs on the form with `action` on `formPage`: the form's own values
   * (ids, versions) plus `fixed` (a function of the form, to pick options), payload groups
   * rotated over `fields`; kept input is looked up inside that form.
   */
  async function rot(action, formPage, fields, { fixed = () => ({}), label = `POST ${action}`, ...opts } = {}, problems) {
    const f = await formOf(formPage, action);
    return rotate422(label, { target: action, page: formPage, formSel: `form[action="${action}"]`, fields, fixed: { ...f.values, ...fixed(f) }, sel: (n) => sel(action, n), ...opts }, problems);
  }
  const pad = (max) => ` ${'x'.repeat(max + 1)}`;
  const tick = (name, fn, timeoutMs) => test(name, fn, { timeoutMs: timeoutMs ?? 60000 });

  // =========================================================================================
  // AG member: store
  let ok = await tick('XSS (issues 3–5): login as ag', () => loginAs('ag'));
  if (!ok) return;

  // ---- organisation --------------------------------------------------------------------------
  // Names and codes refuse bidirectional controls and zero-width characters (422), so the
  // stored ones carry the payloads without them; the 422 rotations below send them whole.
  const units = spread({ unit_code: 40, unit_name: 200 }).map((u) => ({ ...u, unit_code: visible(u.unit_code), unit_name: visible(u.unit_name) }));
  const people = spread({ person_name: 200, person_function: 200 }).map((p) => ({ ...p, person_name: visible(p.person_name) }));
  ok = await tick(`XSS setup (ag): ${units.length} units, ${people.length} people through the organisation forms`, async () => {
    for (const u of units) await post('/organisation/einheiten', { ...u, unit_parent: '' });
    for (const p of people) await post('/organisation/personen', { ...p, person_unit: '', person_email: '' });
  });
  if (ok) {
    await xssCase('organisation page and person pages (ag): unit codes and names, names and functions', async (problems) => {
      await render(page, '/organisation', { texts: [...all(units, ['unit_code', 'unit_name']), ...all(people, ['person_name', 'person_function'])] }, problems);
      const personPages = await links('/organisation', /^\/organisation\/personen\/\d+$/);
      await parallel(personPages, (p, href) => render(p, href, {}, problems));
      // names as select options on the measure form and the meeting task form
      await render(page, '/massnahmen/neu', {}, problems);
      return `${personPages.length} person pages`;
    });
  }
  await xssCase(`organisation forms 422: all ${N} payloads in unit code/name, person name/function/e-mail (new and edit)`, async (problems) => {
    await rot('/organisation/einheiten', '/organisation', ['unit_code', 'unit_name'], { label: 'POST /organisation/einheiten', fixed: () => ({ unit_parent: '' }), suffixes: { unit_code: pad(40) } }, problems);
    await rot('/organisation/personen', '/organisation', ['person_name', 'person_function', 'person_email'], { label: 'POST /organisation/personen', fixed: () => ({ person_unit: '' }) }, problems);
    const person = (await links('/organisation', /^\/organisation\/personen\/\d+$/)).pop();
    await rot(person, person, ['person_name', 'person_function', 'person_email'], { fixed: () => ({ person_unit: '' }) }, problems);
    return 'three forms';
  });

  // ---- programme: fields of action, revisions, changes ----------------------------------------
  const fieldTitles = pack(200);
  const revisions = spread({ version: 20, summary: 4000, resolution_ref: 200 });
  const changes = spread({ label: 300, note: 1000 });
  let programmeId = null;
  ok = await tick(`XSS setup (ag): ${fieldTitles.length} field-of-action titles, ${revisions.length} revisions, ${changes.length} changes`, async () => {
    const fieldForms = await actions('/programme', /^\/programme\/handlungsfelder\/\d+$/);
    assert(fieldForms.length > 0, 'no fields of action on /programme');
    // retitle the fields of action in turn; the last titles stay (on every list and the report)
    for (let k = 0; k < fieldTitles.length; k++) {
      const action = fieldForms[k % fieldForms.length];
      const f = await formOf('/programme', action);
      await post(action, { ...f.values, title: fieldTitles[k] });
    }
    const progLinks = await links('/programme', /^\/programme\/\d+\/fortschreibungen$/);
    assert(progLinks.length > 0, 'no link to a programme\'s revisions on /programme');
    programmeId = idFrom(progLinks[0] || '', /^\/programme\/(\d+)\//);
    const revAction = `/programme/${programmeId}/fortschreibungen`;
    for (let k = 0; k < revisions.length; k++) {
      await post(revAction, { ...revisions[k], version: `${fit(revisions[k].version, 16)} #${k}`, revised_on: today });
    }
    const chAction = `/programme/${programmeId}/aenderungen`;
    const f = await formOf(revAction, chAction);
    for (let k = 0; k < changes.length; k++) {
      await post(chAction, { ...f.values, revision_id: f.options.revision_id[k % f.options.revision_id.length].value, entity: k % 2 ? 'ziel' : 'massnahme', change: ['neu', 'geaendert', 'entfallen'][k % 3], ...changes[k] });
    }
  });
  if (ok) {
    await xssCase('programme pages (ag): field titles, revisions, changes, comparison of revisions', async (problems) => {
      const current = await actions('/programme', /^\/programme\/handlungsfelder\/\d+$/);
      const lastTitles = fieldTitles.slice(-Math.min(current.length, fieldTitles.length));
      await render(page, '/programme', { texts: lastTitles }, problems);
      const revPage = `/programme/${programmeId}/fortschreibungen`;
      await render(page, revPage, { texts: [...all(revisions, ['summary', 'resolution_ref']), ...all(changes, ['label', 'note'])] }, problems);
      const f = await formOf(revPage, `/programme/${programmeId}/aenderungen`);
      const ids = f.options.revision_id.map((o) => o.value);
      const pairs = ids.slice(1).map((b, i) => [ids[i], b]).slice(0, 12);
      await parallel(pairs, (p, [a, b]) => render(p, `/programme/${programmeId}/vergleich?a=${a}&b=${b}`, {}, problems));
      await render(page, '/massnahmen', {}, problems);
      return `${pairs.length} comparisons`;
    });
    await xssCase(`programme forms 422: all ${N} payloads in field title, new field code/title, revision fields, change fields`, async (problems) => {
      const action = (await actions('/programme', /^\/programme\/handlungsfelder\/\d+$/))[0];
      await rot(action, '/programme', ['title'], { label: `POST ${action}`, fixed: () => ({ position: '0' }) }, problems);
      const revPage = `/programme/${programmeId}/fortschreibungen`;
      await rot(revPage, revPage, ['version', 'summary', 'resolution_ref'], { label: `POST ${revPage}`, fixed: () => ({ revised_on: '' }) }, problems);
      const add = `/programme/${programmeId}/handlungsfelder`;
      await rot(add, '/programme', ['code', 'title'], { fixed: () => ({ position: '0' }) }, problems);
      const chAction = `/programme/${programmeId}/aenderungen`;
      await rot(chAction, revPage, ['label', 'note'], { label: `POST ${chAction}`, fixed: () => ({ change: 'kaputt' }), status: [422, 400] }, problems);
    });
  }

  // ---- goals and readings -------------------------------------------------------------------
  const goals = spread({ title: 200, indicator: 500, unit: 40 });
  const readings = spread({ note: 500 });
  ok = await tick(`XSS setup (ag): ${goals.length} goals, ${readings.length} readings`, async () => {
    const f = await formOf('/ziele/neu', '/ziele/neu');
    for (const [k, g] of goals.entries()) {
      await post('/ziele/neu', {
        ...f.values,
        programme_id: f.values.programme_id || f.first('programme_id'),
        field_id: f.first('field_id'),
        ...g,
        baseline: '10',
        target_value: String(20 + k),
        baseline_on: isoInDays(-400),
        target_on: isoInDays(400),
        measures: '',
      });
    }
    await page.goto(`${base}/ziele`, { waitUntil: 'load' });
    const readingActions = await page.$$eval('form[action$="/messwerte"]', (fs) => fs.map((f) => f.getAttribute('action')));
    assert(readingActions.length >= readings.length, `${readingActions.length} goals with a readings form`);
    for (const [k, r] of readings.entries()) await post(readingActions[readingActions.length - 1 - k], { read_on: isoInDays(-k - 1), value: String(11 + k), ...r });
  });
  if (ok) {
    await xssCase('goals page (ag): titles, indicators, units, reading notes; charts; edit forms', async (problems) => {
      await render(page, '/ziele', { texts: [...all(goals, ['title', 'indicator']), ...all(readings, ['note'])] }, problems);
      const edits = await links('/ziele', /^\/ziele\/\d+\/bearbeiten$/);
      await parallel(edits, (p, href) => render(p, href, {}, problems));
      // an edit through the form keeps every payload (title, indicator, unit) as stored
      const g = goals[goals.length - 1];
      const edit = edits[edits.length - 1];
      const f = await formOf(edit, edit);
      await post(edit, { ...f.values, title: g.indicator.slice(0, 200).trim() || g.title, indicator: g.title });
      await render(page, edit, { values: [{ sel: '#f-indicator', v: g.title }] }, problems);
      return `${edits.length} edit forms`;
    });
    await xssCase(`goal forms 422: all ${N} payloads in the goal's text and number fields (new and edit), reading value and note`, async (problems) => {
      await rot('/ziele/neu', '/ziele/neu', ['title', 'indicator', 'unit', 'baseline', 'target_value', 'measures'], { label: 'POST /ziele/neu', fixed: (f) => ({ programme_id: f.first('programme_id'), field_id: f.first('field_id'), baseline_on: today, target_on: isoInDays(300) }), expectValues: ['title', 'indicator', 'unit', 'measures'] }, problems);
      await page.goto(`${base}/ziele`, { waitUntil: 'load' });
      const edit = (await links('/ziele', /^\/ziele\/\d+\/bearbeiten$/))[0];
      await rot(edit, edit, ['title', 'indicator', 'unit', 'baseline', 'target_value', 'measures'], { fixed: () => ({ target_on: '' }), status: [422] }, problems);
      await page.goto(`${base}/ziele`, { waitUntil: 'load' });
      const action = await page.$eval('form[action$="/messwerte"]', (el) => el.getAttribute('action'));
      await rot(action, '/ziele', ['note', 'value'], { label: `POST ${action}`, fixed: () => ({ read_on: today }), expectValues: ['note'] }, problems);
    });
  }

  // ---- expectations, assessments, decisions -------------------------------------------------
  const expectations = spread({ title: 200, origin: 200, description: 8000 });
  const assessments = spread({ justification: 4000 });
  const decisions = spread({ recommendation: 4000, decision_reason: 4000 });
  const expIds = [];
  ok = await tick(`XSS setup (ag): ${expectations.length} expectations, assessed and decided with payload texts`, async () => {
    const f = await formOf('/bewertung/neu', '/bewertung/neu');
    for (const e of expectations) {
      const { location } = await post('/bewertung/neu', { ...f.values, programme_id: f.values.programme_id || f.first('programme_id'), raised_on: today, ...e });
      expIds.push(idFrom(location, /^\/bewertung\/(\d+)/));
    }
    for (const [k, id] of expIds.entries()) {
      const a = await formOf(`/bewertung/${id}`, `/bewertung/${id}/bewerten`);
      const v = { ...a.values, assessed_on: today, one_time_cost: '12.000', yearly_cost: '1.500', person_days: '30', effort_index: '2,5', urgency: String(k % 101), strategic: '60', external: '40' };
      delete v.mandatory;
      await post(`/bewertung/${id}/bewerten`, { ...v, ...assessments[k % assessments.length] });
      const d = await formOf(`/bewertung/${id}`, `/bewertung/${id}/entscheidung`);
      await post(`/bewertung/${id}/entscheidung`, { ...d.values, decision: d.first('decision', /zurück|abgelehnt/i), decided_on: today, ...decisions[k % decisions.length] });
    }
  }, 90000);
  if (ok) {
    await xssCase(`assessment pages (ag): list, portfolio, ${expIds.length} expectation pages`, async (problems) => {
      await render(page, '/bewertung', { texts: all(expectations, ['title']) }, problems);
      await parallel(expIds, (p, id) => {
        const k = expIds.indexOf(id);
        const e = expectations[k];
        return render(p, `/bewertung/${id}`, { texts: [e.title, e.origin, e.description, assessments[k % assessments.length].justification], titleText: e.title }, problems);
      });
    });
    await xssCase(`assessment forms 422: all ${N} payloads in expectation, assessment and decision fields`, async (problems) => {
      const id = expIds[0];
      await rot('/bewertung/neu', '/bewertung/neu', ['title', 'origin', 'description'], { label: 'POST /bewertung/neu', fixed: (f) => ({ programme_id: f.first('programme_id'), raised_on: '' }) }, problems);
      await rot(`/bewertung/${id}/bewerten`, `/bewertung/${id}`, ['justification', 'one_time_cost', 'yearly_cost', 'effort_index'], { label: `POST /bewertung/${id}/bewerten`, fixed: () => ({ assessed_on: today }) }, problems);
      await rot(`/bewertung/${id}/entscheidung`, `/bewertung/${id}`, ['recommendation', 'decision_reason', 'code'], { label: `POST /bewertung/${id}/entscheidung`, fixed: (f) => ({ decision: f.first('decision', /angenommen|umsetzen/i), decided_on: '' }), status: [422, 409] }, problems);
    });
  }

  // ---- budget lines and capacity ------------------------------------------------------------
  const lines = spread({ product: 120, account: 60, note: 1000 });
  const lineIds = [];
  let lineMeasure = null;
  let year = String(new Date().getFullYear());
  ok = await tick(`XSS setup (ag): ${lines.length} budget lines with payload product, account and note`, async () => {
    const f = await formOf('/haushalt', '/haushalt/zeilen');
    year = f.values.fiscal_year || year;
    lineMeasure = f.first('measure_id');
    for (const [k, l] of lines.entries()) {
      const { location } = await post('/haushalt/zeilen', { ...f.values, measure_id: lineMeasure, fiscal_year: year, kind: f.options.kind ? f.options.kind[k % f.options.kind.length].value : f.values.kind, planned: `${1000 + k},50`, approved: '900', actual: '100', ...l });
      const id = location.match(/\/haushalt\/zeilen\/(\d+)/)?.[1];
      if (id) lineIds.push(id);
    }
  });
  if (ok) {
    await xssCase('budget pages (ag): sums by product/account, the lines, their edit forms, the measure page, CSV', async (problems) => {
      await render(page, `/haushalt?jahr=${year}`, { texts: all(lines, ['product', 'account', 'note']) }, problems);
      const edits = lineIds.length ? lineIds.map((id) => `/haushalt/zeilen/${id}`) : await links(`/haushalt?jahr=${year}`, /^\/haushalt\/zeilen\/\d+$/);
      await parallel(edits, (p, href) => render(p, href, {}, problems));
      await render(page, `/massnahmen/${lineMeasure}`, { texts: all(lines, ['product', 'account']) }, problems);
      for (const target of [`/haushalt.csv?jahr=${year}`, '/haushalt.csv']) {
        const r = await ctx.request.get(base + target);
        if (r.status() !== 200) problems.push(`${target}: HTTP ${r.status()}`);
        if (!(r.headers()['content-type'] || '').startsWith('text/csv')) problems.push(`${target}: Content-Type ${r.headers()['content-type']}`);
        for (const row of parseCsv(await r.text())) for (const c of row) if (formulaCell(c)) problems.push(`${target}: cell starts with a formula character: ${short(c)}`);
      }
      return `${edits.length} edit forms`;
    });
  }
  await xssCase(`budget forms 422: all ${N} payloads in product, account, amounts, note`, async (problems) => {
    await rot('/haushalt/zeilen', '/haushalt', ['product', 'account', 'note', 'planned', 'approved', 'actual'], { label: 'POST /haushalt/zeilen', fixed: (f) => ({ measure_id: f.first('measure_id') }) }, problems);
    if (lineIds[0]) {
      const t = `/haushalt/zeilen/${lineIds[0]}`;
      await rot(t, t, ['product', 'account', 'note', 'planned'], { label: `POST ${t}`, status: [422, 409] }, problems);
    }
  });

  // ---- meetings -----------------------------------------------------------------------------
  const places = spread({ place: 200 });
  const series = spread({ title: 200 });
  const items = spread({ title: 200 });
  const comments = spread({ text: 2000 });
  const minutes = spread({ notes: 8000, outcome: 2000 });
  const decisionTexts = spread({ text: 4000 });
  const tasks = spread({ task_title: 500 });
  let meetingId = null;
  const topIds = [];
  ok = await tick(`XSS setup (ag): ${places.length} meetings and ${series.length} series with payload places/titles; on one meeting ${items.length} agenda items with comments, minutes, decisions, tasks`, async () => {
    const f = await formOf('/sitzungen/neu', '/sitzungen/neu');
    const meetingIds = [];
    for (const [k, pl] of places.entries()) {
      const { location } = await post('/sitzungen/neu', { ...f.values, kind: f.values.kind || 'ag', date: isoInDays(200 + k), start: '10:00', end: '11:00', ...pl });
      meetingIds.push(idFrom(location, /^\/sitzungen\/(\d+)/));
    }
    meetingId = meetingIds[0];
    const s = await formOf('/sitzungen/serie', '/sitzungen/serie');
    for (const [k, se] of series.entries()) {
      const d = isoInDays(300 + k);
      await post('/sitzungen/serie', { ...s.values, first: d, until: d, skip: '', place: places[k % places.length].place, ...se });
    }
    const add = `/sitzungen/${meetingId}/tops`;
    const t = await formOf(`/sitzungen/${meetingId}`, add);
    for (const it of items) {
      const { location } = await post(add, { ...t.values, ...it, measures: '', planned_minutes: '5' });
      const id = location.match(/\/tops\/(\d+)/)?.[1];
      if (id) topIds.push(id);
    }
    if (topIds.length < items.length) {
      const hrefs = await links(`/sitzungen/${meetingId}`, new RegExp(`^/sitzungen/${meetingId}/tops/\\d+$`));
      topIds.splice(0, topIds.length, ...hrefs.map((hr) => hr.split('/').pop()));
    }
    assert(topIds.length >= items.length, `${topIds.length} agenda items found, ${items.length} added`);
    const owner = (await formOf(`/sitzungen/${meetingId}/tops/${topIds[0]}`, `/sitzungen/${meetingId}/tops/${topIds[0]}/aufgabe`)).first('owner_id', /Vogelsang/);
    const n = Math.max(comments.length, minutes.length, decisionTexts.length, tasks.length);
    for (let k = 0; k < n; k++) {
      const top = `/sitzungen/${meetingId}/tops/${topIds[k % topIds.length]}`;
      if (k < comments.length) await post(`${top}/kommentar`, comments[k]);
      if (k < minutes.length) {
        const mf = await formOf(top, `${top}/protokoll`);
        await post(`${top}/protokoll`, { ...mf.values, dealt_with: '1', ...minutes[k] });
      }
      if (k < decisionTexts.length) await post(`${top}/beschluss`, decisionTexts[k]);
      if (k < tasks.length) await post(`${top}/aufgabe`, { owner_id: owner, due_on: isoInDays(k - 3), measure_code: '', ...tasks[k] });
    }
  }, 120000);
  if (ok) {
    const meeting = `/sitzungen/${meetingId}`;
    await xssCase('meeting pages (ag): list, meeting, every agenda item, invitation and minutes print views, decision register, calendar, ICS', async (problems) => {
      await render(page, '/sitzungen', {}, problems);
      await render(page, meeting, { texts: [places[0].place, ...all(items, ['title'])] }, problems);
      await parallel(topIds, (p, id) => render(p, `${meeting}/tops/${id}`, {}, problems));
      const lastMinutes = new Map();
      minutes.forEach((m, k) => lastMinutes.set(topIds[k % topIds.length], m));
      await render(page, `${meeting}/einladung`, { texts: all(items, ['title']) }, problems);
      await render(page, `${meeting}/niederschrift`, { texts: [...all(items, ['title']), ...[...lastMinutes.values()].flatMap((m) => [m.notes, m.outcome]), ...all(decisionTexts, ['text']), ...all(tasks, ['task_title'])] }, problems);
      await render(page, '/sitzungen/beschluesse', { texts: all(decisionTexts, ['text']) }, problems);
      const qs = pack(200).slice(0, 12);
      await parallel(qs, (p, q) => render(p, `/sitzungen/beschluesse?q=${encodeURIComponent(q)}`, { values: [{ sel: 'input[name="q"]', v: q }] }, problems));
      await render(page, '/sitzungen/kalender', {}, problems);
      await render(page, '/', {}, problems); // "Meine Aufgaben"
      const r = await ctx.request.get(`${base}/sitzungen.ics`);
      const ct = r.headers()['content-type'] || '';
      if (r.status() !== 200 || !ct.startsWith('text/calendar')) problems.push(`/sitzungen.ics: HTTP ${r.status()} ${ct}`);
      if (r.headers()['x-content-type-options'] !== 'nosniff') problems.push('/sitzungen.ics: no X-Content-Type-Options: nosniff');
      const ics = (await r.text()).replace(/\r\n[ \t]/g, '');
      if (!ics.includes('__xss(')) problems.push('/sitzungen.ics: the payload places/titles are missing');
      const broken = ics.split('\r\n').filter((l) => l && !/^[A-Z][A-Z0-9-]*[;:]/.test(l));
      for (const l of broken.slice(0, 5)) problems.push(`/sitzungen.ics: a payload broke a content line: ${short(l)}`);
      return `${topIds.length} agenda items, ${qs.length} register searches`;
    }, { timeoutMs: 60000 });
    const top = `${meeting}/tops/${topIds[0]}`;
    await xssCase(`meeting forms 422: all ${N} payloads in place/times, series fields, agenda item, comment, minutes, decision, task, postponement`, async (problems) => {
      await rot('/sitzungen/neu', '/sitzungen/neu', ['place', 'start', 'end'], { label: 'POST /sitzungen/neu', fixed: () => ({ date: '' }) }, problems);
      await rot('/sitzungen/serie', '/sitzungen/serie', ['title', 'place', 'skip'], { label: 'POST /sitzungen/serie', fixed: () => ({ first: '' }), expectValues: ['title', 'place', 'skip'] }, problems);
      await rot(`${meeting}/tops`, meeting, ['title', 'measures'], { label: `POST ${meeting}/tops`, fixed: () => ({ planned_minutes: '0' }), status: [422, 409] }, problems);
      await rot(top, top, ['title', 'measures'], { label: `POST ${top}`, fixed: () => ({ planned_minutes: '0' }), status: [422, 409] }, problems);
      await rot(`${top}/kommentar`, top, ['text'], { label: `POST ${top}/kommentar`, suffixes: { text: pad(2000) } }, problems);
      await rot(`${top}/protokoll`, top, ['notes', 'outcome'], { label: `POST ${top}/protokoll`, suffixes: { outcome: pad(2000) }, status: [422, 409] }, problems);
      await rot(`${top}/beschluss`, top, ['text'], { label: `POST ${top}/beschluss`, suffixes: { text: pad(4000) } }, problems);
      await rot(`${top}/aufgabe`, top, ['task_title', 'measure_code'], { label: `POST ${top}/aufgabe`, fixed: () => ({ owner_id: '' }) }, problems);
      await rot(`${meeting}/verlegen`, meeting, ['place', 'start', 'end'], { label: `POST ${meeting}/verlegen`, fixed: () => ({ date: '' }) }, problems);
    }, { timeoutMs: 60000 });
  }

  // ---- half-yearly reports --------------------------------------------------------------------
  const reportIds = [];
  let reports = [];
  let comments4k = [];
  let hf = [];
  ok = await tick('XSS setup (ag): report drafts with payloads in every editorial field, then every field comment (edit form)', async () => {
    const f = await formOf('/berichte/neu', '/berichte/neu');
    reports = spread({ period_label: 80, vorlage_no: 40, addressee: 120, summary: 8000, outlook: 8000 });
    for (const r of reports) {
      const { location } = await post('/berichte/neu', { ...f.values, programme_id: f.values.programme_id || f.first('programme_id'), period_start: isoInDays(-180), cutoff_on: today, committee_on: isoInDays(30), ...r });
      reportIds.push(idFrom(location, /^\/berichte\/(\d+)/));
    }
    // the comments per field of action exist on the edit form only
    const edit = (id) => `/berichte/${id}/bearbeiten`;
    hf = Object.keys((await formOf(edit(reportIds[0]), edit(reportIds[0]))).values).filter((k) => /^hf_\d+$/.test(k));
    assert(hf.length > 0, 'no comment fields (hf_<id>) on the report edit form');
    comments4k = spread(Object.fromEntries(hf.map((k) => [k, 4000])));
    for (const [k, c] of comments4k.entries()) {
      const e = await formOf(edit(reportIds[k]), edit(reportIds[k]));
      await post(edit(reportIds[k]), { ...e.values, ...c });
      Object.assign(reports[k], c);
    }
    return `${reports.length} drafts, ${hf.length} field comments on ${comments4k.length} of them`;
  }, 90000);
  if (ok) {
    await xssCase(`report drafts (ag): list, ${reportIds.length} drafts, their edit forms`, async (problems) => {
      await render(page, '/berichte', { texts: all(reports, ['period_label']) }, problems);
      await parallel(reportIds, (p, id) => {
        const r = reports[reportIds.indexOf(id)];
        const texts = Object.entries(r).filter(([k]) => k !== 'addressee').map(([, v]) => v);
        return render(p, `/berichte/${id}`, { texts }, problems);
      });
      await parallel(reportIds.slice(0, comments4k.length + 2), (p, id) => {
        const r = reports[reportIds.indexOf(id)];
        const values = ['summary', 'outlook', 'period_label', 'vorlage_no', 'addressee', ...hf].filter((k) => r[k]).map((k) => ({ sel: `#f-${k}`, v: r[k] }));
        return render(p, `/berichte/${id}/bearbeiten`, { values }, problems);
      });
    }, { timeoutMs: 90000 });
    await xssCase(`report form 422: all ${N} payloads in every editorial field and field comment`, async (problems) => {
      const fields = ['period_label', 'vorlage_no', 'addressee', 'summary', 'outlook'];
      await rot('/berichte/neu', '/berichte/neu', fields, { label: 'POST /berichte/neu', fixed: (f) => ({ programme_id: f.first('programme_id'), period_start: '', cutoff_on: today }) }, problems);
      const id = reportIds[reportIds.length - 1];
      await rot(`/berichte/${id}/bearbeiten`, `/berichte/${id}/bearbeiten`, [...fields, ...hf], { label: `POST /berichte/${id}/bearbeiten`, fixed: () => ({ cutoff_on: '' }), status: [422, 409] }, problems);
    }, { timeoutMs: 60000 });
  }

  // ---- query strings of the pages of issues 3–5 ----------------------------------------------
  await xssCase(`query parameters (ag): all ${N} payloads in programm, jahr, art, a/b, token, meldung, q of the new pages`, async (problems) => {
    const G = h.G;
    const targets = [];
    const withParams = [
      ['/ziele', ['programm', 'meldung']],
      ['/bewertung', ['programm', 'meldung']],
      ['/haushalt', ['jahr', 'programm', 'meldung']],
      ['/haushalt.csv', ['jahr', 'programm']],
      ['/kapazitaet', ['programm', 'meldung']],
      ['/sitzungen/neu', ['art']],
      ['/sitzungen', ['meldung']],
      ['/berichte', ['meldung']],
      ['/organisation', ['meldung']],
      ['/programme', ['meldung']],
    ];
    if (programmeId) withParams.push([`/programme/${programmeId}/vergleich`, ['a', 'b']], [`/programme/${programmeId}/fortschreibungen`, ['meldung']]);
    if (meetingId) withParams.push([`/sitzungen/${meetingId}`, ['meldung']], [`/sitzungen/${meetingId}/tops/${topIds[0]}`, ['meldung']]);
    if (reportIds.length) withParams.push([`/berichte/${reportIds[0]}`, ['meldung']]);
    if (expIds.length) withParams.push([`/bewertung/${expIds[0]}`, ['meldung']]);
    for (const [target, params] of withParams) {
      G.forEach((g, c) => {
        // all params of a page at once, the groups rotated over them
        const qs = params.map((n, j) => `${n}=${encodeURIComponent(G[(c + j) % G.length].map((p) => p.s).join(SEP))}`).join('&');
        targets.push(`${target}?${qs}`);
      });
    }
    await parallel(targets, async (p, t) => {
      if (/\.csv\?/.test(t)) {
        const r = await ctx.request.get(base + t);
        if (r.status() >= 500) problems.push(`${t.slice(0, 60)}: HTTP ${r.status()}`);
        if (r.status() === 200 && !(r.headers()['content-type'] || '').startsWith('text/csv')) problems.push(`${t.slice(0, 60)}: ${r.headers()['content-type']}`);
        return;
      }
      await render(p, t, { status: [200, 400, 404] }, problems);
    });
    // the calendar feed with a payload token: refused, and never HTML
    for (const g of G) {
      const r = await ctx.request.get(`${base}/sitzungen.ics?token=${encodeURIComponent(g.map((p) => p.s).join(SEP))}`);
      if (r.status() >= 500) problems.push(`/sitzungen.ics?token=…: HTTP ${r.status()}`);
      if ((r.headers()['content-type'] || '').startsWith('text/html') && r.status() === 200) problems.push('/sitzungen.ics with a payload token answers HTML 200');
    }
    return `${targets.length} URLs`;
  }, { timeoutMs: 90000 });

  // =========================================================================================
  // OB: comments on the joint session's items, release of one report; its HTML, PDF, CSV
  ok = await tick('XSS (issues 3–5): login as ob', () => loginAs('ob'));
  let released = null;
  if (ok && reportIds.length) {
    released = reportIds[0];
    await xssCase('report release (ob): the frozen HTML, the PDF (pdftotext shows the payloads as text), the CSV', async (problems) => {
      await post(`/berichte/${released}/freigeben`, {});
      const r = reports[0];
      const comments = hf.map((k) => r[k]).filter(Boolean);
      await render(page, `/berichte/${released}`, { texts: [r.summary, r.outlook, r.period_label, ...comments] }, problems);
      const compare = await links('/berichte', /^\/berichte\/\d+\/vergleich\/\d+$/);
      for (const c of compare) await render(page, c, { texts: [r.period_label] }, problems);
      if (!compare.length) problems.push('/berichte: no link to the comparison of the two latest released reports');
      const pdf = await ctx.request.get(`${base}/berichte/${released}.pdf`);
      if (pdf.status() !== 200 || pdf.headers()['content-type'] !== 'application/pdf') problems.push(`PDF: HTTP ${pdf.status()} ${pdf.headers()['content-type']}`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sachstand-xss-'));
      try {
        const file = path.join(dir, 'bericht.pdf');
        fs.writeFileSync(file, await pdf.body());
        const text = norm(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).replace(/\s/g, '');
        // every payload of the summary must be in the PDF text literally (not interpreted as
        // Typst markup or code); compared without whitespace (line breaks, hyphenation)
        const ids = [...r.summary.matchAll(/__xss\('(p\d\d)'\)/g)].map((m) => m[0]);
        const missing = [...new Set(ids)].filter((id) => !text.includes(id));
        for (const id of missing) problems.push(`PDF text lacks ${id}`);
        if (!ids.length) problems.push('the released summary holds no payload');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const csv = await ctx.request.get(`${base}/berichte/${released}.csv`);
      if (!(csv.headers()['content-type'] || '').startsWith('text/csv')) problems.push(`report CSV: Content-Type ${csv.headers()['content-type']}`);
      for (const row of parseCsv(await csv.text())) for (const c of row) if (formulaCell(c)) problems.push(`report CSV: cell starts with a formula character: ${short(c)}`);
    }, { timeoutMs: 90000 });
  }
  if (ok && meetingId) {
    const top = `/sitzungen/${meetingId}/tops/${topIds[0]}`;
    await xssCase('agenda item comment as OB (stored) and its 422; the meeting pages as OB', async (problems) => {
      await post(`${top}/kommentar`, { text: comments[comments.length - 1].text });
      await render(page, top, { texts: all(comments, ['text']).filter((_, k) => k % topIds.length === 0) }, problems);
      await rot(`${top}/kommentar`, top, ['text'], { label: `POST ${top}/kommentar (ob)`, suffixes: { text: pad(2000) } }, problems);
      await render(page, `/sitzungen/${meetingId}`, {}, problems);
      await render(page, '/bewertung', {}, problems);
      await render(page, '/ziele', {}, problems);
    });
  }

  // =========================================================================================
  // Ratsmitglied: what council members see of it
  ok = await tick('XSS (issues 3–5): login as rat', () => loginAs('rat'));
  if (ok) {
    await xssCase('rat: reports list and the released report, programme, goals, budget, meetings, decision register', async (problems) => {
      const targets = ['/berichte', '/programme', `/programme/${programmeId}/fortschreibungen`, '/ziele', `/haushalt?jahr=${year}`, '/sitzungen', '/sitzungen/beschluesse', '/bewertung', '/organisation'];
      if (released) targets.push(`/berichte/${released}`);
      if (meetingId) targets.push(`/sitzungen/${meetingId}`, `/sitzungen/${meetingId}/tops/${topIds[0]}`);
      await parallel(targets, (p, t) => render(p, t, { status: [200, 403] }, problems));
      return `${targets.length} pages`;
    });
  }
}
