import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createUser } from '../helpers/scim-assert.js';
import { startServer, type ScimClient, type TestServer } from '../helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// seeds/002 provider actions menu: "Edit This Provider Name" and "Delete This Provider", the
// delete dialog saying what becomes of the provider's users (SPEC C2: they stay, as local users).
describe('console: renaming and deleting a provider', () => {
  let server: TestServer;
  let browser: Browser;
  let scim: ScimClient;
  const userIds: string[] = [];
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    scim = await server.scimProvider({ name: 'Okta' });
    await server.scimProvider({ name: 'Entra ID' });
    for (let i = 0; i < 3; i++) userIds.push((await createUser(scim)).id);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renames the provider (a taken name is refused with its problem) and deletes it keeping its users', async () => {
    const { page, errors } = await openPage(browser);
    await page.context().setExtraHTTPHeaders({ authorization: `Bearer ${server.adminToken}` });
    await page.goto(`${server.url}/settings/identity/provisioning/${scim.providerId}`);
    await page.getByRole('heading', { name: 'Okta', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Rename' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Display name').fill('Entra ID');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await dialog.getByRole('alert').getByText('Provider name taken').waitFor();
    await dialog.getByText('A provider named "Entra ID" already exists').waitFor();
    await dialog.getByLabel('Display name').fill('Okta (EU)');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('heading', { name: 'Okta (EU)', exact: true }).waitFor();
    assert.equal((await server.admin('GET', `/providers/${scim.providerId}`)).body.name, 'Okta (EU)');

    await page.getByRole('button', { name: 'Delete provider' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('heading', { name: 'Delete Okta (EU)?' }).waitFor();
    await confirm.getByText('3 users', { exact: true }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'provider-delete-dialog');
    await confirm.getByRole('button', { name: 'Delete and keep its users as local users' }).click();
    await page.waitForURL(`${server.url}/settings/identity/provisioning`);
    assert.equal((await server.admin('GET', `/providers/${scim.providerId}`)).status, 404);
    for (const id of userIds) {
      const u = (await server.admin('GET', `/users/${id}`)).body.user;
      assert.equal(u.providerId, null);
      assert.equal(u.status, 'active');
    }
    assert.equal(errors.filter((e) => !e.includes('409')).length, 0, errors.join('\n'));
  });
});
