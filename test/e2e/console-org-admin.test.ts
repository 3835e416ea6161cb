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
    const orgIds = new Map<string, string>();
    for (const name of ['Sales', 'Support']) {
      const org = await server.admin('POST', '/organizations', { name });
      assert.equal(org.status, 201, org.text);
      orgIds.set(name, org.body.id as string);
    }
    for (const n of ['ann', 'bob']) await createLocalUser(server, `${n}@sales.example.com`, { organization: 'Sales' });
    for (const n of ['cat', 'dan'])
      await createLocalUser(server, `${n}@support.example.com`, { organization: 'Support' });
    await createLocalUser(server, 'olga@sales.example.com', { organization: 'Sales', roles: ['org-admin'] });
    // A provisioned user in Sales: the Org Admin sees its provider's name, not only that it is provisioned.
    const scim = await server.scimProvider({ name: 'Contoso Entra' });
    const made = await scim.req('POST', '/Users', { userName: 'eve@sales.example.com', active: true });
    assert.equal(made.status, 201, made.text);
    const moved = await server.admin('PUT', `/users/${made.body.id}/organization`, { orgId: orgIds.get('Sales') });
    assert.equal(moved.status, 200, moved.text);
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
    // The session (and CSRF) cookies exactly as the server set them, in the browser's jar.
    const cookies = signedIn.headers.getSetCookie().map((c) => {
      const [name = '', ...value] = (c.split(';')[0] ?? '').split('=');
      return { name, value: value.join('='), url: server.url };
    });
    assert.ok(cookies.some((c) => c.name === 'roster_session'));
    await page.context().addCookies(cookies);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'ann@sales.example.com' }).waitFor();
    await page.getByText('4 users', { exact: true }).waitFor();
    const eve = page.getByRole('row').filter({ hasText: 'eve@sales.example.com' });
    await eve.getByRole('cell', { name: 'Contoso Entra', exact: true }).waitFor();
    const ann = page.getByRole('row').filter({ hasText: 'ann@sales.example.com' });
    await ann.getByRole('cell', { name: 'Local', exact: true }).waitFor();
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
