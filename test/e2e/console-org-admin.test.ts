import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { authCall, createLocalUser, GOOD_PASSWORD } from '../helpers/sign-in.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// SPEC C6/C10: an Org Admin signed in to the console sees their organization's part only: other
// organizations' users are absent, and the screens of administrators over everything are not offered.
describe('console: an Org Admin sees only their part', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    for (const name of ['Sales', 'Support']) {
      assert.equal((await server.admin('POST', '/organizations', { name })).status, 201);
    }
    for (const n of ['ann', 'bob']) await createLocalUser(server, `${n}@sales.example.com`, { organization: 'Sales' });
    for (const n of ['cat', 'dan'])
      await createLocalUser(server, `${n}@support.example.com`, { organization: 'Support' });
    await createLocalUser(server, 'olga@sales.example.com', { organization: 'Sales', roles: ['org-admin'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists their organization’s users only, and the navigation offers no tenant-wide screen', async () => {
    const signedIn = await authCall(server, 'password', {
      username: 'olga@sales.example.com',
      password: GOOD_PASSWORD,
      client: 'console',
    });
    assert.equal(signedIn.status, 200, signedIn.text);
    const { page, errors } = await openPage(browser);
    // The session cookie exactly as the server set it, in the browser's jar.
    const [name = '', ...rest] = (signedIn.headers.getSetCookie()[0] ?? '').split(';')[0]!.split('=');
    await page.context().addCookies([{ name, value: rest.join('='), url: server.url }]);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'ann@sales.example.com' }).waitFor();
    await page.getByText('3 users', { exact: true }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'nothing on the screen was refused');
    for (const other of ['cat@support.example.com', 'dan@support.example.com', 'admin@roster.local'])
      assert.equal(await page.getByText(other).count(), 0, `${other} is not shown`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const offered = (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
    for (const adminOnly of ['Identity management', 'Audit log', 'Tenant settings', 'Legal holds'])
      assert.ok(!offered.includes(adminOnly), `${adminOnly} is not offered (offered: ${offered.join(', ')})`);
    assert.ok(offered.includes('Users'));
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'org-admin-users');

    await nav.getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    await page.getByText('Sales', { exact: true }).first().waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'nothing on the screen was refused');
    assert.equal(await page.getByText('Support', { exact: true }).count(), 0, 'another organization is not shown');
    await screenshot(page, 'org-admin-organizations');

    // A screen reached by its address anyway shows the API's refusal (problem+json title), not a broken page.
    await page.goto(`${server.url}/audit-log`);
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /forbidden|permission/i);
    await screenshot(page, 'org-admin-audit-log-refused');
    // Only that refused request reaches the browser's console (Chromium logs every failed request).
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0] ?? '', /403/);
  });
});
