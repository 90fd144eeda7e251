// Journey 3 in the browser: the OB opens the next joint session, reads why each item is on
// the draft agenda, comments on an item and releases the agenda; axe-core on every meetings
// page (list, detail, item, item with errors, new/series forms, register, calendar, print).
//
// Called from run.mjs with the shared helpers: run({ page, nav, follow, login, logout, ... }).

export async function run(ctx) {
  const { page, nav, follow, login, logout, axeCase, narrowCase, expectStatus, test, assert, pathname } = ctx;

  /** The next joint session on /sitzungen (first upcoming "Gemeinsame Quartalsberatung"). */
  async function nextJointSession() {
    expectStatus(await nav(page, '/sitzungen'), 200, 'GET /sitzungen');
    const link = page
      .locator('section[aria-labelledby="h-kommend"] tr', { hasText: 'Entwurf, nicht freigegeben' })
      .getByRole('link', { name: 'Gemeinsame Quartalsberatung' })
      .first();
    assert(await link.count(), 'no upcoming joint session with an unreleased draft on /sitzungen');
    return link.getAttribute('href');
  }

  // ---- journey 3: the OB ---------------------------------------------------------------------
  const obOk = await test('meetings: login as ob (Leitung)', () => login(page, 'ob'));
  if (obOk) {
    let href = null;
    await axeCase('meetings list (ob)', page, async () => {
      href = await nextJointSession();
    });
    await axeCase('joint session draft agenda (ob)', page, async () => {
      href ??= await nextJointSession();
      expectStatus(await nav(page, href), 200, `GET ${href}`);
      const main = await page.locator('main').innerText();
      assert(main.includes('Entwurf – noch nicht freigegeben.'), 'draft state not shown');
      const reasons = await page.locator('.reason').count();
      assert(reasons >= 5, `only ${reasons} items say why they are on the agenda`);
      assert(main.includes('Beteiligung Personalrat'), 'no Personalrat item');
      assert(main.includes('Haushaltsabweichungen') || main.includes('Gefährdete'), 'no data-driven item');
      assert(!(await page.locator('form[action$="/tops"]').count()), 'the OB sees the add-item form');
    });
    await test('journey 3: the OB comments on an item of the draft', async () => {
      href ??= await nextJointSession();
      await nav(page, href);
      const item = page.locator('.agenda-item', { hasText: 'Beteiligung Personalrat' }).first();
      await follow(page, () => item.getByRole('link', { name: /Kommentieren/ }).click());
      assert(/\/tops\/\d+$/.test(pathname(page)), `not on an item page: ${pathname(page)}`);
      await page.fill('#f-text', 'Bitte den Stand der Dienstvereinbarung vor der Sitzung mit dem Personalrat abstimmen.');
      const resp = await follow(page, () => page.getByRole('button', { name: 'Kommentar speichern' }).click());
      expectStatus(resp, 200, 'after comment');
      assert(pathname(page) === href, `back on ${pathname(page)}, expected ${href}`);
      const flash = await page.locator('[role="status"]').first().innerText();
      assert(flash.includes('Ihr Kommentar wurde gespeichert.'), `flash: ${flash}`);
      assert(
        (await page.locator('.comments').innerText()).includes('Dienstvereinbarung'),
        'the comment is not shown on the agenda',
      );
    });
    await axeCase('agenda item with comment error (ob)', page, async () => {
      href ??= await nextJointSession();
      await nav(page, href);
      await follow(page, () => page.locator('.agenda-item').first().getByRole('link', { name: /Kommentieren/ }).click());
      const resp = await follow(page, () => page.getByRole('button', { name: 'Kommentar speichern' }).click());
      expectStatus(resp, 422, 'empty comment');
      assert((await page.title()).startsWith('Fehler:'), 'title does not start with "Fehler:"');
      assert(await page.locator('.error-summary a[href="#f-text"]').count(), 'error summary does not link the field');
    });
    await test('journey 3: the OB releases the agenda; name and time are shown', async () => {
      href ??= await nextJointSession();
      await nav(page, href);
      const resp = await follow(page, () => page.getByRole('button', { name: 'Tagesordnung freigeben' }).click());
      expectStatus(resp, 200, 'after release');
      const state = await page.locator('.release-state').innerText();
      assert(/Freigegeben\s+von Henrik Stollberg am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/.test(state), `release state: ${state}`);
      assert(!(await page.getByRole('button', { name: /freigeben/ }).count()), 'release button still offered');
    });
    await axeCase('joint session released (ob)', page, async () => {
      href ??= await nextJointSession();
      expectStatus(await nav(page, href), 200, `GET ${href}`);
    });
    await narrowCase('joint session (ob)', page, href ?? '/sitzungen');
    await axeCase('decision register (ob)', page, async () =>
      expectStatus(await nav(page, '/sitzungen/beschluesse?q=Personalrat'), 200, 'GET /sitzungen/beschluesse'),
    );
    await axeCase('calendar subscription (ob)', page, async () =>
      expectStatus(await nav(page, '/sitzungen/kalender'), 200, 'GET /sitzungen/kalender'),
    );
    await test('meetings: logout (ob)', () => logout(page));
  }

  // ---- the AG changes the released agenda: a new release is needed ---------------------------
  const agOk = await test('meetings: login as ag', () => login(page, 'ag'));
  if (agOk) {
    await test('journey 3: a change after release asks for a new release', async () => {
      await nav(page, '/sitzungen');
      const href = await page
        .locator('section[aria-labelledby="h-kommend"]')
        .getByRole('link', { name: 'Gemeinsame Quartalsberatung' })
        .first()
        .getAttribute('href');
      assert(href, 'no upcoming joint session');
      await nav(page, href);
      await follow(page, () => page.getByRole('button', { name: /nach unten/ }).first().click());
      const main = await page.locator('main').innerText();
      assert(main.includes('geändert nach Freigabe – erneute Freigabe erforderlich'), 'no re-release notice');
    });
    await axeCase('AG meeting with pre-filled agenda (ag)', page, async () => {
      await nav(page, '/sitzungen');
      const link = page
        .locator('section[aria-labelledby="h-kommend"]')
        .getByRole('link', { name: 'AG-Sitzung' })
        .first();
      await follow(page, () => link.click());
      assert(await page.locator('form[action$="/tops"]').count(), 'AG cannot add items');
      // the next AG meeting names who still owes a Sachstand (demo: updates older than the last meeting)
      const owed = page.locator('section[aria-labelledby="h-meldungen"] a[href^="/massnahmen/"]');
      assert((await owed.count()) > 0, 'the next AG meeting lists nobody who owes a Sachstand');
    });
    await axeCase('agenda item page with minutes and status forms (ag)', page, async () => {
      const item = page.locator('.agenda-item:has(ul.linked)').first();
      assert(await item.count(), 'no agenda item with a linked measure');
      await follow(page, () => item.getByRole('link', { name: /Bearbeiten/ }).click());
      assert(await page.locator('#f-task_title').count(), 'no task form');
      const details = page.locator('details.status-from-meeting').first();
      assert(await details.count(), 'no status form for the linked measure');
      await details.locator('summary').click();
    });
    await narrowCase('agenda item page (ag)', page, new URL(page.url()).pathname);
    await axeCase('agenda item with task errors (ag)', page, async () => {
      const resp = await follow(page, () => page.getByRole('button', { name: 'Aufgabe hinzufügen' }).click());
      expectStatus(resp, 422, 'empty task');
      assert(await page.locator('.error-summary').count(), 'no error summary');
    });
    await axeCase('plan a meeting (ag)', page, async () =>
      expectStatus(await nav(page, '/sitzungen/neu?art=quartal'), 200, 'GET /sitzungen/neu'),
    );
    await axeCase('plan a series with errors (ag)', page, async () => {
      await nav(page, '/sitzungen/serie');
      const resp = await follow(page, () => page.getByRole('button', { name: 'Serie anlegen' }).click());
      expectStatus(resp, 422, 'empty series');
    });
    await axeCase('minutes print view (ag)', page, async () => {
      await nav(page, '/sitzungen');
      const href = await page
        .locator('section[aria-labelledby="h-vergangen"]')
        .getByRole('link', { name: 'AG-Sitzung' })
        .first()
        .getAttribute('href');
      expectStatus(await nav(page, `${href}/niederschrift`), 200, 'GET niederschrift');
      assert((await page.locator('h1').innerText()).startsWith('Niederschrift'), 'not the minutes');
    });
    await test('meetings: logout (ag)', () => logout(page));
  }
}
