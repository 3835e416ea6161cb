import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { GOOD_PASSWORD } from '../helpers/sign-in.js';
import { ensureConsoleBuilt, launchBrowser, openPage } from './browser.js';
import { checkStep, focusedLabel, signInWithPassword } from './sign-in-flow.js';

// SPEC C6 password links and SPEC C1 tenant addresses, in the console: a new user sets the first
// password from the administrator's one-time link; a tenant's console signs in to that tenant.
describe('console: set-password links and tenant addresses', () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite', { ROSTER_AUTH_RATE_PER_USERNAME: '1000', ROSTER_AUTH_RATE_PER_IP: '1000' });
    // Session cookies expire at the session's absolute limit: the browser judges that by its own clock.
    server.clock.advance(Date.now() - server.clock.now().getTime());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets the first password from the link, showing the policy errors, then signs in', async () => {
    const created = await server.admin('POST', '/users', {
      username: 'new@example.com',
      email: 'new@example.com',
      roles: ['customer-cloud-admin'],
    });
    assert.equal(created.status, 201);
    const link: string = created.body.passwordLink.url;
    assert.match(link, /\/set-password#token=/);
    const { page, errors } = await openPage(browser);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Set your Roster password' }).waitFor();
    assert.equal(await focusedLabel(page), 'New password');
    assert.equal(new URL(page.url()).hash, '', 'the one-time token leaves the address bar');
    await checkStep(page, 'set-password-1');

    const newPassword = page.getByLabel('New password', { exact: true });
    const confirm = page.getByLabel('Confirm the new password');
    await newPassword.fill('plum-Orchard-42');
    await confirm.fill('plum-Orchard-43');
    await confirm.press('Enter');
    await page.getByText('The two passwords differ.').waitFor();
    for (const [weak, reason] of [
      ['short-pw', 'The password must be at least 12 characters long'],
      ['new@example.com', 'The password must not be the username'],
      ['password1234', 'The password is one of the most common passwords'],
    ] as const) {
      await newPassword.fill(weak);
      await confirm.fill(weak);
      await confirm.press('Enter');
      await page.getByRole('alert').getByText(reason).waitFor();
    }
    await page.getByText('Password rejected').waitFor();
    await checkStep(page, 'set-password-2-policy');

    await newPassword.fill(GOOD_PASSWORD);
    await confirm.fill(GOOD_PASSWORD);
    await confirm.press('Enter');
    await page.getByText('Your password is set.').waitFor();
    await checkStep(page, 'set-password-3-done');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await signInWithPassword(page, 'new@example.com', GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    // The link was used once: opening it again says so.
    await page.goto(link);
    await newPassword.fill(GOOD_PASSWORD);
    await confirm.fill(GOOD_PASSWORD);
    await confirm.press('Enter');
    await page.getByText('Link expired or already used').waitFor();
    assert.deepEqual(
      errors.filter((e) => !/status of (400|401)/.test(e)),
      [],
    );
  });

  it("a tenant's console at /t/{slug}/ sets the password, signs in to that tenant, and signs out there", async () => {
    const globex = await server.roster.services.tenants.create({ name: 'Globex Inc', adminEmail: 'boss@globex.test' });
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/t/globex-inc/set-password#token=${globex.link.token}`);
    await page.getByLabel('New password', { exact: true }).fill(GOOD_PASSWORD);
    await page.getByLabel('Confirm the new password').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/t/globex-inc/sign-in');
    await signInWithPassword(page, 'boss@globex.test', GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/t/globex-inc/users');
    // The tenant's own directory: its administrator only, not the default tenant's bootstrap admin.
    await page.getByRole('link', { name: 'boss@globex.test' }).first().waitFor();
    await page.getByText(/^1 users?$/).waitFor();
    await checkStep(page, 'tenant-signed-in');
    // Its session ending sends the visitor to that tenant's sign-in, and back after it.
    server.clock.advance(31 * 60 * 1000);
    await page.getByRole('link', { name: 'Organizations' }).click();
    await page.waitForURL((u) => u.pathname === '/t/globex-inc/sign-in');
    await page.getByText('Your session has ended.', { exact: false }).waitFor();
    await signInWithPassword(page, 'boss@globex.test', GOOD_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/t/globex-inc/organizations');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/t/globex-inc/sign-in');
    await page.getByText('You have signed out.').waitFor();

    // The default tenant's address does not know that user (one generic answer).
    await page.goto(`${server.url}/sign-in`);
    await signInWithPasswordExpectingFailure(page);
    assert.deepEqual(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
    );
  });
});

async function signInWithPasswordExpectingFailure(page: import('playwright-core').Page): Promise<void> {
  await page.getByLabel('Username').fill('boss@globex.test');
  await page.keyboard.press('Enter');
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByText('The username or password is incorrect').waitFor();
}
