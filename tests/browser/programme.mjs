// Browser cases for issue 3 (the programme itself): the AG member's cost-benefit journey
// (assess an expectation, accept it, find the new measure) and axe-core on every new page.
// Called from run.mjs with the shared page and helpers; prints through the same harness.

export async function run(ctx) {
  const { page, login, logout, nav, follow, axeCase, narrowCase, expectStatus, test, assert, pathname } = ctx;

  const ok = await test('programme: login as ag (AG-Mitglied)', () => login(page, 'ag'));
  if (!ok) return;

  let measureHref = null;
  await test('journey: AG member assesses an expectation, accepts it and finds the new measure', async () => {
    expectStatus(await nav(page, '/bewertung'), 200, 'GET /bewertung');
    await follow(page, () => page.getByRole('region', { name: 'Erwartungen' }).getByRole('link', { name: 'Chatbot für die städtische Website' }).click());
    assert(/^\/bewertung\/\d+$/.test(pathname(page)), `not on an expectation page: ${pathname(page)}`);
    await page.fill('#f-urgency', '55');
    await page.fill('#f-strategic', '60');
    await page.fill('#f-external', '70');
    await page.fill('#f-effort_index', '2,0');
    await page.fill('#f-justification', 'Neubewertung: Landesangebot verfügbar, geringer Pflegeaufwand.');
    let resp = await follow(page, () => page.getByRole('button', { name: 'Bewertung speichern' }).click());
    expectStatus(resp, 200, 'after saving the assessment');
    const flash = await page.locator('.flash[role="status"]').innerText();
    assert(flash.includes('neue Fassung'), `no success message: ${flash}`);
    // 0.4·55 + 0.4·60 + 0.2·70 = 22 + 24 + 14 = 60 → high benefit, effort 2,0 → Quick Win
    const current = await page.locator('section.assessment').first().innerText();
    assert(current.includes('Sofort umsetzen (Quick Win)') && current.includes('Nutzen-Index 60,0'), `unexpected score: ${current.slice(0, 300)}`);

    await page.selectOption('#f-decision', 'angenommen');
    await page.fill('#f-decision_reason', 'Quick Win; Mittel im Budget der Pressestelle.');
    await page.fill('#f-code', 'HF2-90');
    await page.selectOption('#f-field_id', { index: 2 });
    await page.selectOption('#f-org_unit_id', { label: 'Pressestelle und Öffentlichkeitsarbeit' });
    await page.selectOption('#f-person_id', { index: 1 });
    resp = await follow(page, () => page.getByRole('button', { name: 'Entscheidung speichern' }).click());
    expectStatus(resp, 200, 'after accepting');
    assert(/^\/massnahmen\/\d+$/.test(pathname(page)), `accepting did not lead to the new measure: ${pathname(page)}`);
    measureHref = pathname(page);
    const h1 = await page.locator('h1').innerText();
    assert(h1.includes('HF2-90') && h1.includes('Chatbot'), `measure heading: ${h1}`);
    assert(await page.locator('a[href^="/bewertung/"]').count(), 'the measure does not link back to its assessment');

    expectStatus(await nav(page, '/massnahmen?q=HF2-90'), 200, 'GET /massnahmen?q=HF2-90');
    assert(await page.locator(`a[href="${measureHref}"]`).count(), 'new measure not found in the measure list');
    return measureHref;
  }, { timeoutMs: 45000 });

  for (const [name, url] of [
    ['assessment list with portfolio (ag)', '/bewertung'],
    ['new expectation form (ag)', '/bewertung/neu'],
    ['goals with charts (ag)', '/ziele'],
    ['new goal form (ag)', '/ziele/neu'],
    ['budget plan (ag)', '/haushalt'],
    ['capacity realism (ag)', '/kapazitaet'],
    ['programmes and revisions (ag)', '/programme'],
    ['revision comparison (ag)', '/programme/1/vergleich'],
    ['revisions with recorded changes (ag)', '/programme/1/fortschreibungen'],
  ]) {
    await axeCase(name, page, async () => expectStatus(await nav(page, url), 200, `GET ${url}`));
  }
  await axeCase('expectation detail with history (ag)', page, async () => {
    expectStatus(await nav(page, '/bewertung'), 200, 'GET /bewertung');
    await follow(page, () => page.getByRole('region', { name: 'Erwartungen' }).getByRole('link', { name: 'Selbstbedienungsterminal für biometrische Passbilder im Bürgerbüro' }).click());
  });
  await axeCase('assessment form with errors (ag)', page, async () => {
    await page.fill('#f-urgency', '150');
    await page.fill('#f-justification', '');
    const resp = await follow(page, () => page.getByRole('button', { name: 'Bewertung speichern' }).click());
    expectStatus(resp, 422, 'invalid assessment');
    assert(await page.locator('.error-summary[role="alert"]').count(), 'no error summary');
  });
  await axeCase('budget line edit form (ag)', page, async () => {
    expectStatus(await nav(page, '/haushalt'), 200, 'GET /haushalt');
    const link = page.locator('a[href^="/haushalt/zeilen/"]').first();
    assert(await link.count(), 'no budget line to edit in the current year');
    await follow(page, () => link.click());
  });
  await axeCase('new field of action with errors (ag)', page, async () => {
    expectStatus(await nav(page, '/programme'), 200, 'GET /programme');
    const form = page.locator('form[action$="/handlungsfelder"]').first();
    await form.locator('input[name="title"]').fill('');
    const resp = await follow(page, () => form.getByRole('button', { name: /^Handlungsfeld anlegen/ }).click());
    expectStatus(resp, 422, 'new field of action without a title');
    assert(await page.locator('.error-summary[role="alert"]').count(), 'no error summary');
    assert(await page.locator('#f-new_field_title[aria-invalid="true"]').count(), 'title not marked invalid');
  });
  await axeCase('goal edit form, reached by keyboard from the goals page (ag)', page, async () => {
    expectStatus(await nav(page, '/ziele'), 200, 'GET /ziele');
    const link = page.getByRole('link', { name: /^Ziel bearbeiten/ }).first();
    assert(await link.count(), 'no "Ziel bearbeiten" link on /ziele');
    await link.focus();
    const resp = await follow(page, () => page.keyboard.press('Enter'));
    expectStatus(resp, 200, 'GET /ziele/{id}/bearbeiten');
    assert((await page.locator('h1').innerText()).startsWith('Ziel bearbeiten'), 'edit heading');
    assert(await page.locator('input[name="version"]').count(), 'no version field in the edit form');
  });
  await axeCase('goal reading with errors (ag)', page, async () => {
    expectStatus(await nav(page, '/ziele'), 200, 'GET /ziele');
    const form = page.locator('form[action$="/messwerte"]').first();
    await form.locator('input[name="value"]').fill('viele');
    const resp = await follow(page, () => form.getByRole('button').click());
    expectStatus(resp, 422, 'invalid reading');
  });
  if (measureHref) {
    await axeCase('measure form with "Auslastung prüfen" (ag)', page, async () => {
      expectStatus(await nav(page, `${measureHref}/bearbeiten`), 200, 'GET edit form');
      await page.fill('#f-planned_start', '2027-01-01');
      await page.fill('#f-planned_end', '2027-06-30');
      await page.fill('#f-effort_days', '40');
      const resp = await follow(page, () => page.getByRole('button', { name: 'Auslastung prüfen' }).click());
      expectStatus(resp, 200, 'load preview');
      const text = await page.locator('.load-preview').innerText();
      assert(text.includes('Personentag'), `no load shown: ${text}`);
    });
  }
  for (const url of ['/bewertung', '/ziele', '/haushalt', '/kapazitaet', '/programme']) {
    await narrowCase(`${url} (ag)`, page, url);
  }
  await test('programme: logout (ag)', () => logout(page));

  const ratOk = await test('programme: login as rat', () => login(page, 'rat'));
  if (ratOk) {
    await axeCase('403 page (rat opens /haushalt)', page, async () =>
      expectStatus(await nav(page, '/haushalt'), 403, 'rat GET /haushalt'),
    );
    await test('programme: logout (rat)', () => logout(page));
  }
}
