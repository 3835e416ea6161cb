import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpAt } from '../helpers/mfa.js';
import { http, startServer, type TestServer } from '../helpers/server.js';
import { createLocalUser, GOOD_PASSWORD } from '../helpers/sign-in.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';
import { enterPassword, enterUsername } from './sign-in-flow.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// SPEC C2, C3, C4, C5, C6, C10: an administrator signs in with MFA (their organization requires
// it, so they enrol at the first sign-in), creates organizations, adds a SCIM provider and copies
// its token; a SCIM client provisions with it; the administrator maps groups, previews and
// applies, reads the sync log and exports it, and confirms a held mass deactivation. The browser
// holds only the console session cookie, so every change also passes the CSRF check.
describe('console: provisioning', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    // Session cookies expire at the session's absolute limit, which the browser judges by its own clock.
    server.clock.advance(Date.now() - server.clock.now().getTime());
    const root = (await server.admin('GET', '/organizations')).body.organizations[0];
    const required = await server.admin('PATCH', `/organizations/${root.id}`, { settings: { mfaRequired: true } });
    assert.equal(required.status, 200, required.text);
    await createLocalUser(server, 'ada@example.com', { roles: ['customer-cloud-admin'] });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  let scimBase = '';
  let token = '';
  const scim = (method: string, path: string, body?: unknown) =>
    http(method, `${scimBase}${path}`, body, { authorization: `Bearer ${token}` });

  it('the administrator signs in with MFA, enrolling at the first sign-in, and creates organizations', async () => {
    await page.goto(`${server.url}/organizations`);
    await enterUsername(page, 'ada@example.com');
    await enterPassword(page, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
    server.clock.advance(30_000);
    await page.getByLabel('Code from the app').fill(await totpAt(secret, server.clock.now()));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    const tree = page.getByRole('navigation', { name: 'Organization tree' });
    for (const name of ['Sales', 'Engineering']) {
      await tree.getByRole('button', { name: 'Default organization' }).click();
      await page.getByLabel('Add a child organization to Default organization').fill(name);
      await page.getByRole('button', { name: 'Add organization' }).click();
      await page.getByRole('heading', { name, level: 2 }).waitFor();
    }
    const children = (await server.admin('GET', '/organizations')).body.organizations[0].children;
    assert.deepEqual(children.map((o: { name: string }) => o.name).sort(), ['Engineering', 'Sales']);
    const me = (await server.admin('GET', '/audit-log?action=auth.sign_in')).body;
    assert.ok(JSON.stringify(me).includes('ada@example.com'), 'the sign-in is in the audit log');
  });

  it('adds a SCIM provider and shows its base URL and token once, with copy buttons', async () => {
    await page.goto(`${server.url}/settings/identity/provisioning`);
    await page.getByText('No provisioning providers yet').waitFor();
    await page.getByRole('button', { name: 'Add provider' }).click();
    await page.getByLabel('Display name').fill('Entra ID');
    await page.getByRole('button', { name: 'Create provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'SCIM Provider Created' });
    await dialog.waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'provider-created');
    await dialog.getByRole('button', { name: 'Copy Token' }).click();
    await dialog.getByText('Token copied.').waitFor();
    token = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(token, await dialog.getByRole('textbox', { name: 'Token' }).inputValue());
    scimBase = await dialog.getByRole('textbox', { name: 'Base URL' }).inputValue();
    await dialog.getByRole('button', { name: /I have stored it/ }).click();
    await page.getByRole('link', { name: 'Entra ID' }).waitFor();
  });

  it('a SCIM client provisions users and groups with the copied token', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await scim('POST', '/Users', { schemas: [USER], userName: `p${i}@example.com`, active: true });
      assert.equal(r.status, 201, r.text);
      ids.push(r.body.id);
    }
    const sales = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Sales team',
      members: ids.slice(0, 4).map((value) => ({ value })),
    });
    assert.equal(sales.status, 201);
    const eng = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Engineers',
      members: ids.slice(4, 8).map((value) => ({ value })),
    });
    assert.equal(eng.status, 201);
  });

  it('maps groups to organizations by priority, previews, applies, and the users move', async () => {
    await page.getByRole('link', { name: 'Entra ID' }).click();
    await page.getByRole('button', { name: 'Edit organization mapping' }).click();
    const dialog = page.getByRole('dialog', { name: 'Organization mapping' });
    await dialog.getByRole('radio', { name: /SCIM groups/ }).check();
    await dialog.getByLabel('Map another SCIM group').selectOption({ label: 'Sales team' });
    await dialog.getByRole('button', { name: 'Add mapping' }).click();
    await dialog.getByLabel('Organization for Sales team').selectOption({ label: '\u00a0\u00a0Sales' });
    await dialog.getByLabel('Map another SCIM group').selectOption({ label: 'Engineers' });
    await dialog.getByRole('button', { name: 'Add mapping' }).click();
    await dialog.getByLabel('Organization for Engineers').selectOption({ label: '\u00a0\u00a0Engineering' });
    await dialog.getByText('All SCIM groups are mapped.').waitFor();
    // Keyboard reordering: Engineers first.
    await dialog.getByRole('button', { name: 'Move Engineers up' }).focus();
    await page.keyboard.press('Enter');
    const order = await dialog.getByRole('list', { name: 'Group mappings in priority order' }).innerText();
    assert.ok(order.indexOf('Engineers') < order.indexOf('Sales team'), order);
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'organization-mapping');
    await dialog.getByRole('button', { name: 'Save mapping' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('SCIM groups', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Preview changes' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('8 of 12 users would change').waitFor();
    await preview.getByRole('cell', { name: 'Default organization → Sales' }).first().waitFor();
    await screenshot(page, 'apply-preview');
    await preview.getByRole('button', { name: 'Apply to 8 users' }).click();
    await page.getByText('Applied: 8 users changed.').waitFor();

    const users = (await server.admin('GET', '/users?userName=p0%40')).body.users;
    const tree = (await server.admin('GET', '/organizations')).body.organizations[0];
    const salesOrg = tree.children.find((o: { name: string }) => o.name === 'Sales');
    assert.equal(users[0].orgId, salesOrg.id);
  });

  it('shows the sync log with filters and sorting, and exports the selection as CSV', async () => {
    await page.getByRole('link', { name: 'Sync Log' }).click();
    await page.getByRole('cell', { name: 'Created' }).first().waitFor();
    // The activity chart counts this run's changes: 12 created users and more.
    const chart = page.getByRole('figure', { name: /Sync-log activity per/ });
    await chart.getByText(/changes per day/).waitFor();
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByLabel('Change type').selectOption('Modified');
    await page.getByRole('cell', { name: 'organization' }).first().waitFor();
    await page.getByRole('button', { name: /User impacted/ }).click();
    await page
      .getByRole('columnheader', { name: /User impacted/ })
      .and(page.locator('[aria-sort="ascending"]'))
      .waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'sync-log');
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.ok(href);
    const csv = await http('GET', `${server.url}${href}`, undefined, { authorization: `Bearer ${server.adminToken}` });
    assert.equal(csv.status, 200);
    const lines = csv.text.trim().split(/\r?\n/);
    assert.ok(lines.length >= 9, 'a header and the 8 organization changes');
    assert.ok(
      lines.slice(1).every((l) => l.includes('Modified')),
      'only the selected change type',
    );
  });

  it('holds a mass deactivation prominently until the administrator confirms it', async () => {
    const provider = (await server.admin('GET', '/providers')).body.providers[0];
    await server.admin('PATCH', `/providers/${provider.id}`, { guard: { percent: 10, minUsers: 3 } });
    const list = (await scim('GET', '/Users?count=100')).body.Resources as { id: string }[];
    for (const u of list.slice(0, 6)) {
      const r = await scim('PATCH', `/Users/${u.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      assert.equal(r.status, 200, r.text);
    }
    const flagged = await server.admin('GET', `/providers/${provider.id}/held-deactivations`);
    assert.ok(flagged.body.held.length > 0, `the guard holds some: ${flagged.text}`);
    await page.getByRole('link', { name: 'Provisioning' }).click();
    await page.getByText('Deactivations held').waitFor();
    await page.getByRole('link', { name: 'Entra ID' }).click();
    const held = page.getByRole('region', { name: /held by the mass-deprovision guard/ });
    await held.waitFor();
    await screenshot(page, 'held-deactivations');
    await held.getByRole('button', { name: 'Confirm deactivations' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate them' }).click();
    await held.waitFor({ state: 'detached' });
    const review = await server.admin('GET', `/providers/${provider.id}/held-deactivations`);
    assert.deepEqual(review.body.held, []);
    // The only errors the browser logged are the 401s of the session probe before sign-in.
    assert.deepEqual(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
    );
  });
});
