import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { createLocalUser, GOOD_PASSWORD } from '../helpers/sign-in.js';
import { ensureConsoleBuilt, launchBrowser, openPage } from './browser.js';
import { checkStep, enterPassword, enterUsername, signInWithPassword } from './sign-in-flow.js';

const ADMIN = 'ada@example.com';

// SPEC C6/C10 sign-in in the console: username first, then the password; sign-out; a session
// that ends while the console is open sends the visitor to sign-in and back to where they were.
describe('console: sign-in, sign-out, session expiry', () => {
  let server: TestServer;
  let browser: Browser;
  let adminId: string;
  before(async () => {
    ensureConsoleBuilt();
    server = await startServer('sqlite', { ROSTER_AUTH_RATE_PER_USERNAME: '1000', ROSTER_AUTH_RATE_PER_IP: '1000' });
    // Session cookies expire at the session's absolute limit: the browser judges that by its own clock.
    server.clock.advance(Date.now() - server.clock.now().getTime());
    adminId = await createLocalUser(server, ADMIN, { roles: ['customer-cloud-admin'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with the password after a wrong one, returns to the page asked for, and signs out', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/organizations`);
    await page.waitForURL((u) => u.pathname === '/sign-in');
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/organizations');
    await enterUsername(page, ADMIN, 'sign-in-1-username');
    await enterPassword(page, 'not-the-password-at-all', 'sign-in-2-password');
    // One answer for a wrong password and an unknown user (no enumeration): the generic message.
    await page.getByRole('alert').getByText('The username or password is incorrect').waitFor();
    await page.getByText('Sign-in failed').waitFor();
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the field is cleared');
    await checkStep(page, 'sign-in-3-wrong-password');

    await enterPassword(page, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/organizations');
    await page.getByRole('link', { name: `Account: ${ADMIN}` }).waitFor();
    await checkStep(page, 'sign-in-4-signed-in');

    // Sign-out, keyboard only: it ends the session on the server, not just in the page.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'roster_session');
    assert.ok(session, 'a console session cookie');
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByText('You have signed out.').waitFor();
    await checkStep(page, 'sign-in-5-signed-out');
    const after = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `roster_session=${session.value}` } });
    assert.equal(after.status, 401, 'the signed-out session no longer works');
    assert.deepEqual(
      (await page.context().cookies()).filter((c) => c.name.startsWith('roster_')),
      [],
      'both console cookies are gone',
    );
    await page.goto(`${server.url}/users`);
    await page.waitForURL((u) => u.pathname === '/sign-in');
    assert.equal(await page.getByText('Your session has ended').count(), 0, 'signed out, not expired');
    assert.deepEqual(unexpected(errors), []);
  });

  it('a revoked session: the next action lands on sign-in with the message, then back on that page', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/sign-in`);
    await signInWithPassword(page, ADMIN, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const revoked = await server.admin('DELETE', `/users/${adminId}/sessions`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revoked >= 1);
    await page.getByRole('link', { name: 'Organizations' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByText('Your session has ended. Sign in again to continue where you were.').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/organizations');
    await checkStep(page, 'sign-in-6-session-ended');
    await signInWithPassword(page, ADMIN, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/organizations');
    assert.deepEqual(unexpected(errors), []);
  });

  it('an idle session expires: the next action, even a reload, lands on sign-in with the message', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.url}/sign-in`);
    await signInWithPassword(page, ADMIN, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    // The console idle limit is 30 minutes (ROSTER_CONSOLE_SESSION_IDLE_MINUTES).
    server.clock.advance(31 * 60 * 1000);
    await page.reload();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.getByText('Your session has ended.', { exact: false }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/users');
    assert.deepEqual(unexpected(errors), []);
  });
});

/** Browser-console errors other than the 401s that the session probe and the ended session answer. */
function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/status of 40[13]/.test(e));
}
