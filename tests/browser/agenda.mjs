// Journey 3, the agenda stays true: an AG member reports a measure as Rot after the joint
// session's agenda was drafted; the OB sees on the meeting page that the data changed and
// what an update would do, opens the preview, updates the draft (comments stay), sees what
// changed since an earlier release and releases; the overview asks the OB for the release.
// Also the confirmation step before an agenda item is removed and the calendar page with
// its webcal: link. axe-core on every new or changed page.
//
// Called from run.mjs with the shared helpers: run({ page, nav, follow, login, logout, ... }).
// Works whether or not meetings.mjs released the agenda before.

export async function run(ctx) {
  const { page, nav, follow, login, logout, axeCase, narrowCase, expectStatus, test, assert, pathname } = ctx;

  async function nextJointSession() {
    expectStatus(await nav(page, '/sitzungen'), 200, 'GET /sitzungen');
    const href = await page
      .locator('section[aria-labelledby="h-kommend"]')
      .getByRole('link', { name: 'Gemeinsame Quartalsberatung' })
      .first()
      .getAttribute('href');
    assert(href, 'no upcoming joint session on /sitzungen');
    return href;
  }

  const isoIn = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
  let joint = null;

  // ---- the data change: the AG member reports a green measure as Rot -----------------------
  const agOk = await test('agenda: login as ag', () => login(page, 'ag'));
  if (agOk) {
    await test('agenda journey: the AG reports a green measure as Rot after the draft', async () => {
      joint = await nextJointSession();
      // a measure of the joint session's programme (the demo's programme 1): earlier suites
      // add programmes whose measures share the codes and sort first
      expectStatus(await nav(page, '/massnahmen?ampel=gruen&programm=1'), 200, 'GET /massnahmen?ampel=gruen&programm=1');
      // a demo measure (HF…) that already has a Sachstand, so the change reads "Grün → Rot";
      // the XSS suite's measures (codes "XSS-…") sort first and have none
      const href = await page
        .locator('table.data tbody tr', { hasText: /HF\d-\d\d/ })
        .first()
        .locator('a[href^="/massnahmen/"]')
        .first()
        .getAttribute('href');
      assert(href, 'no green measure in the list');
      await nav(page, href);
      await page.selectOption('#f-status', 'umsetzung');
      await page.check('#f-ampel-rot');
      await page.fill('#f-progress', '35');
      await page.fill('#f-text', 'Browsertest Agenda: Der Dienstleister hat den Liefertermin abgesagt.');
      await page.fill('#f-reason', 'Liefertermin des Dienstleisters abgesagt');
      await page.fill('#f-options', 'Ersatzdienstleister beauftragen oder Einführung um ein Quartal verschieben');
      await page.fill('#f-decision_by', isoIn(20));
      const resp = await follow(page, () => page.getByRole('button', { name: 'Sachstand speichern' }).click());
      expectStatus(resp, 200, 'after the status update');
      const flash = await page.locator('[role="status"]').first().innerText();
      assert(/gespeichert|gemeldet/i.test(flash), `no success message: ${flash}`);
    });
    await axeCase('agenda item removal asks first (ag)', page, async () => {
      joint ??= await nextJointSession();
      await nav(page, joint);
      const item = page.locator('.agenda-item').last();
      await follow(page, () => item.getByRole('link', { name: /Bearbeiten/ }).click());
      await follow(page, () => page.getByRole('link', { name: /Punkt entfernen/ }).click());
      assert(/\/tops\/\d+\/loeschen$/.test(pathname(page)), `not on the confirmation page: ${pathname(page)}`);
      const main = await page.locator('main').innerText();
      assert(/TOP \d+ entfernen\?/.test(main), 'the confirmation page does not ask');
      assert(
        (await page.getByRole('button', { name: /Ja, TOP \d+ entfernen/ }).count()) === 1 ||
          main.includes('kann nicht entfernt werden'),
        'neither a confirming button nor the reason why not',
      );
    });
    await test('agenda: cancelling the removal keeps the item', async () => {
      const removal = pathname(page);
      await follow(page, () => page.getByRole('link', { name: 'Abbrechen' }).click());
      assert(removal.startsWith(pathname(page)), `cancel led to ${pathname(page)}`);
      const back = await nav(page, removal);
      expectStatus(back, 200, `GET ${removal} again (the item is still there)`);
    });
    await narrowCase('agenda item removal (ag)', page, pathname(page));
    await test('agenda: logout (ag)', () => logout(page));
  }

  // ---- the OB reviews, updates and releases -------------------------------------------------
  const obOk = await test('agenda: login as ob (Leitung)', () => login(page, 'ob'));
  if (!obOk) return;
  await axeCase('overview with release prompt (ob)', page, async () => {
    expectStatus(await nav(page, '/'), 200, 'GET /');
    const prompts = page.locator('section[aria-labelledby="h-zu-tun"]');
    assert(await prompts.count(), 'the overview does not say that an agenda waits for the release');
    const text = await prompts.innerText();
    assert(/wartet auf Ihre (erneute )?Freigabe/.test(text), `prompt: ${text}`);
  });
  await test('agenda journey: the overview prompt leads to the joint session', async () => {
    const prompts = page.locator('section[aria-labelledby="h-zu-tun"]');
    await follow(page, () => prompts.getByRole('link', { name: /Gemeinsame Quartalsberatung/ }).first().click());
    joint ??= pathname(page);
    assert(pathname(page) === joint, `the prompt led to ${pathname(page)}, expected ${joint}`);
  });
  await axeCase('joint session with a stale draft (ob)', page, async () => {
    joint ??= await nextJointSession();
    expectStatus(await nav(page, joint), 200, `GET ${joint}`);
    const box = page.locator('.freshness').first();
    assert(await box.count(), 'no word on when the draft was drafted');
    const text = await box.innerText();
    assert(/Entwurf aus dem Programmstand vom \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/.test(text), `freshness: ${text}`);
    assert(text.includes('die Daten haben sich seitdem geändert'), `not stale after the status update: ${text}`);
    assert(/neuer Sachstand vom .*\(Ampel Grün → Rot\)/.test(text), `the data change is not named: ${text}`);
  });
  await narrowCase('joint session with a stale draft (ob)', page, joint ?? '/sitzungen');
  await axeCase('agenda update preview (ob)', page, async () => {
    await nav(page, joint);
    await follow(page, () => page.getByRole('link', { name: 'Änderungen ansehen und Entwurf aktualisieren' }).click());
    assert(pathname(page) === `${joint}/entwurf/aktualisieren`, `not on the preview: ${pathname(page)}`);
    const main = await page.locator('main').innerText();
    assert(main.includes('Vorschau der Aktualisierung'), 'no preview');
    assert(main.includes('Begründung oder Maßnahmen aktualisiert'), 'the red/amber item is not listed as updated');
    assert(/Maßnahmen neu: HF\d-\d\d/.test(main), 'the newly red measure is not named');
  });
  await narrowCase('agenda update preview (ob)', page, `${joint}/entwurf/aktualisieren`);
  let released = false;
  await axeCase('joint session after the update (ob)', page, async () => {
    await nav(page, `${joint}/entwurf/aktualisieren`);
    const comments = await (async () => {
      await nav(page, joint);
      return page.locator('.comments li').count();
    })();
    await nav(page, `${joint}/entwurf/aktualisieren`);
    const resp = await follow(page, () => page.getByRole('button', { name: 'Tagesordnung jetzt aktualisieren' }).click());
    expectStatus(resp, 200, 'after the update');
    assert(pathname(page) === joint, `after the update on ${pathname(page)}`);
    const flash = await page.locator('[role="status"]').first().innerText();
    assert(flash.includes('Kommentare sind erhalten'), `flash: ${flash}`);
    assert((await page.locator('.freshness.current').count()) === 1, 'the draft is not current after the update');
    assert((await page.locator('.comments li').count()) === comments, 'comments were lost by the update');
    // the newly red measure is now on the red/amber item, with cause, options and decision date
    const facts = await page.locator('.decision-facts').allInnerTexts();
    assert(
      facts.some((f) => f.includes('Liefertermin des Dienstleisters abgesagt') && f.includes('Ersatzdienstleister')),
      'the cause and options of the new Rot are not shown',
    );
    const state = await page.locator('.release-state').innerText();
    released = state.includes('geändert nach Freigabe');
    if (released) {
      const main = await page.locator('main').innerText();
      assert(main.includes('Seit der Freigabe geändert:'), 'no list of changes since the release');
      assert(/Begründung aus dem Programmstand aktualisiert/.test(main), 'the update is not among the changes');
    }
  });
  await test('agenda journey: the OB releases the updated agenda; the overview prompt is gone', async () => {
    await nav(page, joint);
    const resp = await follow(page, () => page.getByRole('button', { name: /Tagesordnung (erneut )?freigeben/ }).click());
    expectStatus(resp, 200, 'after the release');
    const state = await page.locator('.release-state').innerText();
    assert(/Freigegeben\s+von .+ am \d\d\.\d\d\.\d{4}/.test(state), `release state: ${state}`);
    await nav(page, '/');
    const prompts = page.locator('section[aria-labelledby="h-zu-tun"]');
    const text = (await prompts.count()) ? await prompts.innerText() : '';
    assert(!text.includes('Quartalsberatung'), `still asked to release: ${text}`);
    return released ? 're-released after a change' : 'first release';
  });
  await axeCase('calendar subscription with webcal link (ob)', page, async () => {
    await nav(page, '/sitzungen/kalender');
    const resp = await follow(page, () => page.getByRole('button', { name: /Adresse erzeugen/ }).click());
    expectStatus(resp, 200, 'after creating the address');
    const webcal = await page.getByRole('link', { name: 'Im Kalenderprogramm abonnieren' }).getAttribute('href');
    assert(/^webcal:\/\/[^/]+\/sitzungen\.ics\?token=[0-9a-f]{64}$/.test(webcal || ''), `webcal link: ${webcal}`);
    const main = await page.locator('main').innerText();
    assert(main.includes('Outlook:') && main.includes('Thunderbird:'), 'no hint for Outlook and Thunderbird');
  });
  await test('agenda: logout (ob)', () => logout(page));
}
