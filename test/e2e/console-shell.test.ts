import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { http, startServer, type TestServer } from '../helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// SPEC C10: `npm start` serves the console at `/`, next to the APIs, whose errors keep their formats.
describe('console: served at / by Roster', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers / and any deep console address with the app page, with a CSP', async () => {
    for (const path of ['/', '/users/0190a3b4-0000-7000-8000-000000000000', '/settings/identity/sync-log?x=1']) {
      const r = await http('GET', `${server.url}${path}`);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(r.text, /<div id="root">/);
      assert.match(r.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    }
  });

  it('keeps API and SCIM 404s in their own formats, and unknown files 404', async () => {
    const api = await http('GET', `${server.url}/api/v1/no-such-thing`, undefined, {
      authorization: `Bearer ${server.adminToken}`,
    });
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /problem\+json/);
    const asset = await http('GET', `${server.url}/assets/missing-file.js`);
    assert.equal(asset.status, 404);
    assert.match(asset.headers.get('content-type') ?? '', /problem\+json/);
  });

  it('serves hashed assets with an immutable cache', async () => {
    const page = await http('GET', `${server.url}/`);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    assert.ok(script, 'index.html names its script');
    const r = await http('GET', `${server.url}${script}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('cache-control') ?? '', /immutable/);
  });

  it('opens on the sign-in screen in a real browser: accessible, no console errors', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'sign-in');
    // The only message is the browser's note on the session probe (GET /me → 401) that sent a
    // signed-out visitor to sign-in.
    assert.deepEqual(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
    );
    assert.ok(errors.length <= 1, errors.join('\n'));
  });
});
