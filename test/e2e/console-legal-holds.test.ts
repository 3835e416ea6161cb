import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// SPEC C1/C4/C10 Legal holds: matters, custodians, add and release.
describe('console: legal holds', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite');
    const admin = (await server.admin('GET', '/users?userName=admin%40')).body.users[0];
    // Legal holds need a legal admin role (seeds/002); the bootstrap administrator takes one.
    const roles = await server.admin('PUT', `/users/${admin.id}/roles`, {
      roleIds: ['customer-cloud-admin', 'proe-user', 'cross-org-legal-admin'],
    });
    assert.equal(roles.status, 200, roles.text);
    const scim = await server.scimProvider();
    for (const u of ['alice@example.com', 'alan@example.com', 'bob@example.com'])
      assert.equal(
        (await scim.req('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: u }))
          .status,
        201,
      );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a matter, adds custodians found by username, releases one, then the matter', async () => {
    const { page, errors } = await openPage(browser);
    await page.context().setExtraHTTPHeaders({ authorization: `Bearer ${server.adminToken}` });
    await page.goto(`${server.url}/legal-holds`);
    await page.getByText('No legal-hold matters').waitFor();
    await page.getByLabel('New matter').fill('Acme v. Roster');
    await page.getByRole('button', { name: 'Create matter' }).click();
    await page.getByRole('heading', { name: 'Acme v. Roster' }).waitFor();
    await page.getByLabel('Add a custodian: username starts with').fill('al');
    await page.getByRole('button', { name: 'Add alice@example.com' }).click();
    await page.getByRole('link', { name: 'alice@example.com' }).waitFor();
    await page.getByRole('button', { name: 'Add alan@example.com' }).click();
    await page.getByRole('link', { name: 'alan@example.com' }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'legal-holds');
    const matter = (await server.admin('GET', '/legal-holds')).body.legalHolds[0];
    assert.equal((await server.admin('GET', `/legal-holds/${matter.id}`)).body.custodians.length, 2);

    await page
      .getByRole('listitem')
      .filter({ hasText: 'alan@example.com' })
      .getByRole('button', { name: 'Release custodian' })
      .click();
    await page.getByRole('link', { name: 'alan@example.com' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Release matter' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Release' }).click();
    await page.getByText(/^Released /).waitFor();
    assert.equal((await server.admin('GET', `/legal-holds/${matter.id}`)).body.matter.status, 'released');
    assert.deepEqual(errors, []);
  });
});
