// Journey 2 in a real browser: a council member opens the latest released report, follows
// "Veränderungen seit dem letzten Bericht", downloads the PDF; axe-core on every report page.
// Called from run.mjs with the shared helpers (see the "feature suites" hook there).

export async function run(ctx) {
  const { page, nav, follow, login, logout, axeCase, expectStatus, test, assert } = ctx;
  const path = () => new URL(page.url()).pathname;

  const ok = await test('journey 2: council member reads the latest report', async () => {
    await login(page, 'rat');
    await follow(page, () => page.getByRole('link', { name: 'Berichte', exact: true }).click());
    assert(path() === '/berichte', `nav led to ${path()}`);
    const text = await page.locator('main').innerText();
    assert(!/Entwurf/.test(text), 'a council member sees a draft in the list');
    // the newest released report is the first row
    await follow(page, () => page.locator('table.data tbody tr').first().locator('th a').click());
    assert(/^\/berichte\/\d+$/.test(path()), `report link led to ${path()}`);
    assert((await page.locator('h1').first().innerText()).includes('Sachstandsbericht 1. Halbjahr 2026'), 'not the latest report');
    await page.getByRole('link', { name: 'Veränderungen seit dem letzten Bericht' }).click();
    await page.waitForFunction(() => location.hash === '#veraenderungen');
    const changes = await page.locator('#veraenderungen').innerText();
    assert(/Verglichen mit dem freigegebenen Bericht 2\. Halbjahr 2025/.test(changes), `changes section: ${changes.slice(0, 200)}`);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15000 }).catch(() => null),
      page.evaluate(() => {
        const a = [...document.querySelectorAll('a')].find((x) => x.textContent.includes('PDF herunterladen'));
        const link = document.createElement('a');
        link.href = a.href;
        link.download = 'bericht.pdf';
        document.body.appendChild(link);
        link.click();
        link.remove();
      }),
    ]);
    assert(download, 'no PDF download started');
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    const bytes = Buffer.concat(chunks);
    assert(bytes.subarray(0, 5).toString() === '%PDF-', 'download is not a PDF');
    return `${bytes.length} bytes of PDF`;
  });

  if (ok) {
    let released = '';
    await axeCase('report list (rat)', page, async () => expectStatus(await nav(page, '/berichte'), 200, 'GET /berichte'));
    await axeCase('released report (rat)', page, async () => {
      await nav(page, '/berichte');
      released = await page.locator('table.data tbody tr').first().locator('th a').getAttribute('href');
      expectStatus(await nav(page, released), 200, `GET ${released}`);
    });
    await axeCase('report comparison (rat)', page, async () => {
      const hrefs = await (async () => {
        await nav(page, '/berichte');
        return page.locator('a[href*="/vergleich/"]').getAttribute('href');
      })();
      expectStatus(await nav(page, hrefs), 200, `GET ${hrefs}`);
    });
    await test('logout (rat, reports)', () => logout(page));
  }

  const agOk = await test('login as ag (reports)', () => login(page, 'ag'));
  if (agOk) {
    let draft = '';
    await axeCase('report list with draft (ag)', page, async () => {
      expectStatus(await nav(page, '/berichte'), 200, 'GET /berichte');
      draft = await page.locator('tr', { hasText: 'Entwurf' }).first().locator('th a').getAttribute('href');
      assert(draft, 'no draft in the AG list');
    });
    await axeCase('draft report with status request round (ag)', page, async () => {
      expectStatus(await nav(page, draft), 200, `GET ${draft}`);
      assert(await page.locator('#abfrage').count(), 'no status request round on the draft');
    });
    await axeCase('draft edit form (ag)', page, async () => expectStatus(await nav(page, `${draft}/bearbeiten`), 200, 'edit form'));
    await axeCase('new report form with errors (ag)', page, async () => {
      await nav(page, '/berichte/neu');
      const resp = await follow(page, () => page.getByRole('button', { name: 'Speichern' }).click());
      assert(resp && resp.status() === 422, `empty report form: HTTP ${resp?.status()}`);
    });
    await axeCase('status request round with errors (ag)', page, async () => {
      await nav(page, draft);
      await page.fill('#f-due_on', '01.01.2020');
      const resp = await follow(page, () => page.getByRole('button', { name: /Abfrage/ }).click());
      assert(resp && resp.status() === 422, `past due date: HTTP ${resp?.status()}`);
    });
    await test('logout (ag, reports)', () => logout(page));
  }
}
