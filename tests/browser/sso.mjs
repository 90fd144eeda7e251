// Single sign-on in a real browser (issue 14): a Sachstand server of its own with the
// --oidc-* settings and the test provider tests/oidc/provider.mjs (npm oidc-provider) on
// loopback. The user clicks "Mit dem Konto der Stadt anmelden", signs in on the provider's
// login form and lands signed in, with the role from the provider's claim; a user without a
// mapped role and an aborted login at the provider end on German pages without a session.
//
// Called from run.mjs: run({ test, assert, bin, ... }). Its own browser context, so the
// provider's pages do not count for the CSP and console checks over Sachstand's pages.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OIDC_DIR = path.resolve(here, '..', 'oidc');
const TEST_PASSWORD = 'Stadt-Konto-Test-1';

function startProvider() {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['provider.mjs', '0'], { cwd: OIDC_DIR, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`oidc provider did not start: ${out}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/ready (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ issuer: m[1], stop: () => { child.stdin.end(); child.kill(); } });
      }
    });
    child.on('exit', (code) => reject(new Error(`oidc provider exited ${code}: ${out}`)));
  });
}

export async function run(ctx) {
  const { test, assert, bin, axeCase, nav, page: mainPage } = ctx;
  // the main server's login page without SSO settings: no button there
  await test('sso: without SSO settings the login page has no SSO button', async () => {
    await nav(mainPage, '/anmelden');
    assert((await mainPage.getByText('Mit dem Konto der Stadt anmelden').count()) === 0, 'button shown without SSO');
  });
  if (!fs.existsSync(path.join(OIDC_DIR, 'node_modules', 'oidc-provider'))) {
    await test('sso: tests/oidc/node_modules present (npm ci in tests/oidc)', () => assert(false, 'missing'));
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sachstand-sso-'));
  let provider = null;
  let server = null;
  let browser = null;
  try {
    provider = await startProvider();
    const secretFile = path.join(tmp, 'client-secret');
    fs.writeFileSync(secretFile, 'sachstand-test-secret\n');
    server = await startServer({
      bin,
      dir: tmp,
      demo: false,
      args: (port) => [
        '--public-url', `http://127.0.0.1:${port}`,
        '--oidc-issuer', provider.issuer,
        '--oidc-client-id', 'sachstand',
        '--oidc-client-secret-file', secretFile,
        '--oidc-scopes', 'email profile roles',
        '--oidc-role-map', 'sachstand-admin=admin;sachstand-leitung=leitung;sachstand-ag=ag',
      ],
    });
    const base = server.baseUrl;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });

    async function signInAt(page, login) {
      await page.goto(`${base}/anmelden`);
      await page.getByRole('link', { name: 'Mit dem Konto der Stadt anmelden' }).click();
      await page.waitForURL((u) => u.href.startsWith(provider.issuer));
      // the provider's login form
      await page.fill('input[name="login"]', login);
      await page.fill('input[name="password"]', TEST_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => u.href.startsWith(base)),
        page.click('button[type="submit"]'),
      ]);
    }

    await test('sso: the login page offers "Mit dem Konto der Stadt anmelden"', async () => {
      const c = await browser.newContext();
      const page = await c.newPage();
      await page.goto(`${base}/anmelden`);
      const link = page.getByRole('link', { name: 'Mit dem Konto der Stadt anmelden' });
      assert((await link.count()) === 1, 'no SSO button');
      await c.close();
    });

    {
      const c = await browser.newContext();
      const page = await c.newPage();
      await axeCase('login page with the SSO button (anonymous)', page, async () => {
        const r = await page.goto(`${base}/anmelden`);
        assert(r.status() === 200, `status ${r.status()}`);
      });
      await axeCase('SSO refusal page (provider error)', page, async () => {
        const r = await page.goto(`${base}/anmelden/sso/rueckruf?error=access_denied&state=x`);
        assert(r.status() === 401, `status ${r.status()}`);
      });
      await c.close();
    }

    await test('sso: sign in through the provider form as AG member, land signed in', async () => {
      const c = await browser.newContext();
      const page = await c.newPage();
      await signInAt(page, 'erika.sso');
      const url = new URL(page.url());
      assert(url.pathname === '/', `landed on ${url.pathname}`);
      const body = await page.locator('body').innerText();
      assert(body.includes('Abmelden'), 'not signed in (no Abmelden)');
      // the AG role: the measures list offers "Neue Maßnahme"; admin pages are closed
      const admin = await page.goto(`${base}/verwaltung/benutzer`);
      assert(admin.status() === 403, `AG member got ${admin.status()} on /verwaltung/benutzer`);
      // the account page says the password is the city's
      await page.goto(`${base}/konto/passwort`);
      const pw = await page.locator('main').innerText();
      assert(pw.includes('Ihr Passwort wird nicht in Sachstand verwaltet'), 'no notice on the password page');
      await c.close();
    });

    await test('sso: an administrator from the provider gets the admin pages', async () => {
      const c = await browser.newContext();
      const page = await c.newPage();
      await signInAt(page, 'ada.sso');
      const admin = await page.goto(`${base}/verwaltung/benutzer`);
      assert(admin.status() === 200, `admin got ${admin.status()}`);
      const text = await page.locator('main').innerText();
      assert(text.includes('erika.sso') && text.includes('ada.sso'), 'the SSO accounts are not listed');
      await c.close();
    });

    await test('sso: a user without a Sachstand role gets a German refusal and no session', async () => {
      const c = await browser.newContext();
      const page = await c.newPage();
      await signInAt(page, 'otto.sso');
      const text = await page.locator('main').innerText();
      assert(text.includes('nicht freigeschaltet'), `no refusal: ${text.slice(0, 300)}`);
      const cookies = await c.cookies(base);
      assert(!cookies.some((k) => k.name === 'sachstand_sid' && k.value), 'a session cookie was set');
      await c.close();
    });

    await test('sso: an aborted login at the provider (error=access_denied) ends on a German page', async () => {
      const c = await browser.newContext();
      const page = await c.newPage();
      await page.goto(`${base}/anmelden`);
      await page.getByRole('link', { name: 'Mit dem Konto der Stadt anmelden' }).click();
      await page.waitForURL((u) => u.href.startsWith(provider.issuer));
      // what a provider sends when the user cancels: back with error and the state
      const state = new URL(page.url()).searchParams.get('state');
      const resp = await page.goto(`${base}/anmelden/sso/rueckruf?error=access_denied&state=${state}`);
      assert(resp.status() === 401, `status ${resp.status()}`);
      const text = await page.locator('main').innerText();
      assert(text.includes('abgebrochen oder abgelehnt'), `no message: ${text.slice(0, 300)}`);
      await c.close();
    });
  } catch (e) {
    await test('sso: setting up provider and server', () => assert(false, e.message));
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    if (provider) provider.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
