import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// SPEC C10 Users: search over cursor pages, and one user's page with its actions.
// The page's API calls carry the bootstrap admin token here; signing in is tested on its own.
describe('console: users', () => {
  let server: TestServer;
  let browser: Browser;
  let scim: ScimClient;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    scim = await server.scimProvider({ name: 'Entra ID' });
    for (let i = 0; i < 230; i++) {
      const n = String(i).padStart(3, '0');
      const r = await scim.req('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        userName: `user${n}@example.com`,
        name: { givenName: 'User', familyName: n },
        emails: [{ value: `user${n}@example.com`, type: 'work', primary: true }],
        title: 'Engineer',
        [ENTERPRISE]: { department: 'R&D' },
      });
      assert.equal(r.status, 201);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function adminPage() {
    const opened = await openPage(browser);
    await opened.page.context().setExtraHTTPHeaders({ authorization: `Bearer ${server.adminToken}` });
    return opened;
  }

  it('lists users, loads further cursor pages while scrolling, and filters by username prefix', async () => {
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users`);
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'user000@example.com' }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'users');
    // 231 users (the bootstrap admin too) in pages of 100: scrolling to the end loads them all.
    const scroller = page.getByLabel('Users', { exact: true });
    for (let i = 0; i < 10; i++) {
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(150);
    }
    await page.getByText('231 users', { exact: true }).waitFor();
    await page.getByLabel('Username starts with').fill('user12');
    await page.getByText('10 users', { exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: /^user12\d@example.com$/ }).count(), 10);
    await page.getByLabel('Status').selectOption('blocked');
    await page.getByText('No users match this search').waitFor();
    assert.deepEqual(errors, []);
  });

  it("opens a user's page with profile and sync log, and blocks and deactivates them", async () => {
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users`);
    await page.getByRole('link', { name: 'user007@example.com' }).click();
    await page.getByRole('heading', { name: /user007@example\.com/ }).waitFor();
    await page.getByText('R&D').waitFor();
    await page.getByRole('cell', { name: 'Created' }).first().waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'user');
    await page.getByRole('button', { name: 'Block' }).click();
    await page.getByRole('button', { name: 'Unblock' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Deactivate user007@example.com?' }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'user-deactivate-dialog');
    await dialog.getByRole('button', { name: 'Deactivate now' }).click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const after = await server.admin('GET', `/users/${id}`);
    assert.equal(after.body.user.status, 'deactivated');
    assert.deepEqual(errors, []);
  });
});
