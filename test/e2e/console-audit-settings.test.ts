import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { insertUser, tokenFor } from '../helpers/principals.js';
import { http, startServer, type TestServer } from '../helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// SPEC C6/C10: the audit log (filters, sortable columns, cursor pages, CSV export), tenant settings and API tokens.
// The page's API calls carry the bootstrap admin token here; signing in is tested on its own.
describe('console: audit log, tenant settings and API tokens', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    // 105 audited actions and more: the log spans two pages of 100.
    for (let i = 0; i < 105; i++) {
      const r = await server.admin('POST', '/organizations', { name: `Branch ${String(i).padStart(3, '0')}` });
      assert.equal(r.status, 201, r.text);
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
    await opened.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    return opened;
  }

  it('lists the audit log newest first, pages by cursor, filters by action, and exports CSV', async () => {
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'organization.create' }).first().waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'audit-log');
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 100);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('End of the audit log for this selection.').waitFor();
    assert.equal(await rows.count(), 105);
    const date = page.getByRole('columnheader', { name: /Date/ });
    assert.equal(await date.getAttribute('aria-sort'), 'descending');
    await date.getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]') !== null);
    await page.getByRole('button', { name: 'Load more' }).waitFor();
    await date.getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]') !== null);
    await page.getByLabel('Actions').fill('api_token.create');
    await page.getByText('No audit entries match').waitFor();
    await server.admin('POST', '/api-tokens', { name: 'nightly export' });
    await page.getByLabel('Actions').fill('api_token.create, organization.create');
    await page.getByRole('cell', { name: 'api_token.create' }).waitFor();
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.ok(href?.startsWith('/api/v1/audit-log.csv?'));
    const csv = await http('GET', `${server.url}${href}`, undefined, { authorization: `Bearer ${server.adminToken}` });
    assert.equal(csv.status, 200);
    const lines = csv.text.trim().split(/\r?\n/);
    assert.equal(lines[0], 'Date,Username,Credential,IP,Action,Target type,Target,Before,After');
    assert.equal(lines.length, 1 + 106);

    // Sort by action from the keyboard: ascending puts api_token.create first, then the creations
    // oldest first (ties are ordered by date); again, descending, the newest creation first.
    const action = page.getByRole('columnheader', { name: /Action/ });
    const actionSorted = (dir: string) =>
      page.waitForFunction(
        (d) => document.querySelector(`th[aria-sort="${d}"]`)?.textContent?.startsWith('Action') === true,
        dir,
      );
    await action.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await actionSorted('ascending');
    assert.equal(await date.getAttribute('aria-sort'), null);
    assert.equal(await rows.nth(0).locator('td').nth(4).textContent(), 'api_token.create');
    assert.match((await rows.nth(1).textContent()) ?? '', /Branch 000/);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'audit-log-sorted');
    await action.getByRole('button').press('Enter');
    await actionSorted('descending');
    assert.match((await rows.nth(0).textContent()) ?? '', /organization\.create.*Branch 104/s);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('End of the audit log for this selection.').waitFor();
    assert.equal(await rows.count(), 106);
    assert.equal(await rows.nth(105).locator('td').nth(4).textContent(), 'api_token.create');
    const sortedHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.match(sortedHref ?? '', /sort=action&order=desc/);
    const sorted = await http('GET', `${server.url}${sortedHref}`, undefined, {
      authorization: `Bearer ${server.adminToken}`,
    });
    const sortedLines = sorted.text.trim().split(/\r?\n/);
    assert.match(sortedLines[1] ?? '', /organization\.create.*Branch 104/);
    assert.match(sortedLines[106] ?? '', /api_token\.create/);
    assert.deepEqual(errors, []);
  });

  it('changes the tenant settings', async () => {
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/settings/tenant`);
    await page.getByRole('heading', { name: 'Tenant settings' }).waitFor();
    await page.getByText('/sign-in').waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'tenant-settings');
    // The default tenant starts with email usernames required.
    const rule = page.getByLabel('Usernames must be email addresses');
    assert.equal(await rule.isChecked(), true);
    assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true);
    await rule.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    assert.equal((await server.admin('GET', '/tenant')).body.requireEmailUsername, false);
    assert.deepEqual(errors, []);
  });

  it('creates an API token shown once with a copy button, shows its last use and owner, and revokes it', async () => {
    // Another user's token: the administrator sees whose it is by username, not by id.
    const rootId = (await server.admin('GET', '/organizations')).body.organizations[0].id;
    const ops = await insertUser(server.roster, { userName: 'ops@example.com', orgId: rootId, roleIds: ['org-admin'] });
    await tokenFor(server.roster, ops);
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/settings/api-tokens`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('cell', { name: 'nightly export', exact: true }).waitFor();
    const opsRow = page.getByRole('row', { name: /token of ops@example\.com/ });
    assert.equal(await opsRow.getByRole('cell').nth(1).textContent(), 'ops@example.com');
    const nightly = page.getByRole('row', { name: /nightly export/ });
    assert.equal(await nightly.getByRole('cell').nth(1).textContent(), 'You');
    await page.getByLabel('Name').fill('Backup script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'API token created' }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'api-token-created');
    await dialog.getByRole('button', { name: 'Copy Token' }).click();
    await dialog.getByText('Token copied.').waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    const me = await http('GET', `${server.url}/api/v1/me`, undefined, { authorization: `Bearer ${secret}` });
    assert.equal(me.status, 200);
    await dialog.getByRole('button', { name: 'I have stored it — close' }).click();
    const row = page.getByRole('row', { name: /Backup script/ });
    await page.reload();
    await row.waitFor();
    assert.equal(await row.getByRole('cell').nth(4).textContent(), new Date(server.clock.now()).toLocaleString());
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'api-tokens');
    await row.getByRole('button', { name: 'Revoke Backup script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByText(/^Revoked/).waitFor();
    const refused = await http('GET', `${server.url}/api/v1/me`, undefined, { authorization: `Bearer ${secret}` });
    assert.equal(refused.status, 401);
    assert.deepEqual(errors, []);
  });
});
