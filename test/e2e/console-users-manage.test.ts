import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { enrolViaMe } from '../helpers/mfa.js';
import { createGroup, createUser } from '../helpers/scim-assert.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { createLocalUser } from '../helpers/sign-in.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// SPEC C6/C10 Users: add a local user, CSV upload with a dry run, move, edit roles, deauthorize a
// device, and the actions a provider's mapping decides shown disabled with the reason.
describe('console: managing users', () => {
  let server: TestServer;
  let browser: Browser;
  const orgs: Record<string, string> = {};
  let mappedUserId = '';
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    for (const name of ['Sales', 'Support', 'Unmapped']) {
      const r = await server.admin('POST', '/organizations', { name });
      orgs[name] = r.body.id;
    }
    const scim = await server.scimProvider({ name: 'Entra ID' });
    const u = await createUser(scim, {
      userName: 'mapped@example.com',
      'urn:roster:params:scim:schemas:extension:roster:2.0:User': { orgName: 'Sales' },
    });
    mappedUserId = u.id;
    const g = await createGroup(scim, 'Staff', [u.id]);
    const mapping = await server.admin('PUT', `/providers/${scim.providerId}/mapping`, {
      organization: { method: 'orgName', unmappedOrgId: orgs.Unmapped },
      roles: { method: 'groups', groups: [{ groupId: g.id, roleIds: ['desktop-user'] }] },
    });
    assert.equal(mapping.status, 200, mapping.text);
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

  it('adds a local user with a set-password link, moves them, edits their roles', async () => {
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users`);
    await page.getByRole('button', { name: 'Add local user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('dana@example.com');
    await dialog.getByLabel('First name').fill('Dana');
    await dialog.getByLabel('Organization').selectOption({ label: '\u00a0\u00a0Support' });
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'user-add-dialog');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByRole('heading', { name: 'User added' }).waitFor();
    const link = await dialog.getByRole('textbox', { name: 'Set-password link' }).inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/.*/);
    await dialog.getByRole('link', { name: 'dana@example.com' }).click();
    await page.getByRole('heading', { name: /dana@example\.com/ }).waitFor();
    const userId = new URL(page.url()).pathname.split('/').pop() ?? '';
    assert.equal((await server.admin('GET', `/users/${userId}`)).body.user.orgId, orgs.Support);

    await page.getByRole('button', { name: 'Move' }).click();
    await page.getByRole('dialog').getByLabel('Organization').selectOption({ label: '\u00a0\u00a0Sales' });
    await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal((await server.admin('GET', `/users/${userId}`)).body.user.orgId, orgs.Sales);

    await page.getByRole('button', { name: 'Edit roles' }).click();
    const roles = page.getByRole('dialog');
    await roles.getByLabel('Org Admin', { exact: true }).check();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'user-roles-dialog');
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Org Admin' }).waitFor();
    const held = (await server.admin('GET', `/users/${userId}`)).body.roles.map((r: any) => r.roleId).sort();
    assert.deepEqual(held, ['desktop-user', 'org-admin']);
    assert.deepEqual(errors, []);
  });

  it("resets a user's two-step verification, so they enrol again at their next sign-in", async () => {
    const id = await createLocalUser(server, 'lost.phone@example.com', { roles: ['proe-user'] });
    await enrolViaMe(server, 'lost.phone@example.com');
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users/${id}`);
    const card = page.getByRole('region', { name: 'Two-step verification' });
    await card.getByText('On', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Reset two-step verification' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset two-step verification?' });
    await dialog.getByText('signed out everywhere', { exact: false }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'user-mfa-reset-dialog');
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await card.getByRole('status').waitFor();
    await card.getByText('Off', { exact: true }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Reset two-step verification' }).count(), 0);
    const after = await server.admin('GET', `/users/${id}`);
    assert.equal(after.body.mfa.enrolled, false);
    assert.deepEqual(errors, []);
  });

  it('deauthorizes a device', async () => {
    const userId = await createLocalUser(server, 'erin@example.com');
    const device = await server.admin('POST', `/users/${userId}/devices`, { name: 'ERIN-LAPTOP', os: 'Windows 11' });
    assert.equal(device.status, 201, device.text);
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users/${userId}`);
    await page.getByRole('button', { name: 'Deauthorize ERIN-LAPTOP' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deauthorize' }).click();
    await page.getByRole('cell', { name: 'deauthorized' }).waitFor();
    assert.equal((await server.admin('GET', `/users/${userId}`)).body.devices[0].status, 'deauthorized');
    assert.deepEqual(errors, []);
  });

  it('uploads users from CSV: the dry run reports each line and creates nobody, the upload creates them', async () => {
    const csv = [
      'username,email,first name,last name,organization,roles',
      'frank@example.com,frank@example.com,Frank,One,Sales,desktop-user',
      'not an email,,Bad,Line,Sales,desktop-user',
      'grace@example.com,grace@example.com,Grace,Two,Nowhere,desktop-user',
      'heidi@example.com,heidi@example.com,Heidi,Three,Support,desktop-user',
    ].join('\n');
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users`);
    await page.getByRole('button', { name: 'Upload CSV' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('CSV file')
      .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Dry run' }).click();
    await dialog.getByText('Dry run: 2 of 4 users would be created; nothing was saved.').waitFor();
    await dialog.getByRole('cell', { name: '3', exact: true }).waitFor();
    await dialog.getByRole('cell', { name: '4', exact: true }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'users-csv-dry-run');
    assert.equal((await server.admin('GET', '/users?userName=frank')).body.users.length, 0, 'a dry run creates nobody');
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await dialog.getByText('2 of 4 users created.').waitFor();
    assert.equal((await server.admin('GET', '/users?userName=frank')).body.users.length, 1);
    assert.deepEqual(errors, []);
  });

  it("disables move and edit roles with the reason where the provider's mapping decides them", async () => {
    const { page, errors } = await adminPage();
    await page.goto(`${server.url}/users/${mappedUserId}`);
    await page.getByRole('heading', { name: /mapped@example\.com/ }).waitFor();
    const move = page.getByRole('button', { name: 'Move' });
    assert.equal(await move.isDisabled(), true);
    await page.getByText("The organization is set by Entra ID's organization mapping (orgName).").waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit roles' }).isDisabled(), true);
    await page.getByText("Roles are set by Entra ID's role mapping.").waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'user-managed');
    assert.deepEqual(errors, []);
  });
});
