import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { ensureConsoleBuilt, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

// SPEC C1/C10 Organizations: the tree, add a child, rename, move, settings, delete.
describe('console: organizations', () => {
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

  it('adds child organizations, renames, moves and sets defaults; the API sees each change', async () => {
    const { page, errors } = await openPage(browser);
    await page.context().setExtraHTTPHeaders({ authorization: `Bearer ${server.adminToken}` });
    await page.goto(`${server.url}/organizations`);
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    const tree = page.getByRole('navigation', { name: 'Organization tree' });
    await tree.getByRole('button', { name: 'Default organization' }).waitFor();

    await page.getByLabel('Add a child organization to Default organization').fill('Engineering');
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('heading', { name: 'Engineering', level: 2 }).waitFor();
    await page.getByLabel('Add a child organization to Engineering').fill('Platform');
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('heading', { name: 'Platform', level: 2 }).waitFor();

    // Rename Platform, move it to the root, give it a default role and a cold-storage period: one save.
    await page.getByLabel('Name', { exact: true }).fill('Platform Team');
    await page.getByLabel('Parent organization').selectOption({ label: 'Default organization' });
    await page.getByLabel('Cold-storage period (days)').fill('45');
    await page.getByRole('checkbox', { name: 'PROe User' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'organizations');

    const roots = (await server.admin('GET', '/organizations')).body.organizations;
    const root = roots[0];
    const platform = root.children.find((c: { name: string }) => c.name === 'Platform Team');
    assert.ok(platform, 'Platform Team is now a child of the root');
    assert.equal(platform.coldStorageDays, 45);
    assert.ok(platform.defaultRoles.includes('proe-user'));

    // A duplicate name is refused with the API's own words.
    await tree.getByRole('button', { name: 'Default organization' }).click();
    await page.getByLabel('Add a child organization to Default organization').fill('engineering');
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('alert').getByText('Organization name taken').waitFor();

    // Delete the (empty) Platform Team.
    await tree.getByRole('button', { name: 'Platform Team' }).click();
    await page.getByRole('button', { name: 'Delete organization' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await tree.getByRole('button', { name: 'Platform Team' }).waitFor({ state: 'detached' });
    assert.deepEqual(
      errors.filter((e) => !/status of 409/.test(e)),
      [],
    );
  });

  it('requires MFA for an organization; a child that sets nothing inherits it', async () => {
    const { page, errors } = await openPage(browser);
    await page.context().setExtraHTTPHeaders({ authorization: `Bearer ${server.adminToken}` });
    await page.goto(`${server.url}/organizations`);
    const tree = page.getByRole('navigation', { name: 'Organization tree' });
    await tree.getByRole('button', { name: 'Engineering' }).click();
    await page.getByLabel('Add a child organization to Engineering').fill('Security');
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('heading', { name: 'Security', level: 2 }).waitFor();
    const mfa = page.getByLabel('Multi-factor authentication for local users');
    assert.equal(await mfa.inputValue(), 'inherit');
    await page.getByText('In force now: not required.', { exact: false }).waitFor();

    await tree.getByRole('button', { name: 'Engineering' }).click();
    await page.getByRole('heading', { name: 'Engineering', level: 2 }).waitFor();
    await mfa.selectOption('required');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await tree.getByRole('button', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Security', level: 2 }).waitFor();
    assert.equal(await mfa.inputValue(), 'inherit');
    await page.getByText('In force now: required.', { exact: false }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshot(page, 'organizations-mfa');

    const engineering = (await server.admin('GET', '/organizations')).body.organizations[0].children.find(
      (c: { name: string }) => c.name === 'Engineering',
    );
    assert.equal(engineering.settings.mfaRequired, true);
    assert.equal(engineering.children[0].settings.mfaRequired, null);
    assert.equal(engineering.children[0].effective.mfaRequired, true);
    assert.deepEqual(errors, []);
  });
});
