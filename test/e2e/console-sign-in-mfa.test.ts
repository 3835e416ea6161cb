import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.js';
import { totpAt } from '../helpers/mfa.js';
import { createLocalUser, GOOD_PASSWORD } from '../helpers/sign-in.js';
import { ensureConsoleBuilt, launchBrowser, openPage } from './browser.js';
import { checkStep, enterPassword, enterUsername, focusedLabel } from './sign-in-flow.js';

const REQUIRED_NOTE = 'Your organization requires two-step verification, so it cannot be turned off.';

// SPEC C6 MFA in the console (RFC 6238 TOTP): enrolment with a QR code and recovery codes shown
// once, the code step and the recovery-code step of sign-in, and the account page's choices.
describe('console: sign-in with MFA', () => {
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

  /** The authenticator app: the code for the server's now, one 30-second step after the last one used. */
  const codeFor = async (secret: string): Promise<string> => {
    server.clock.advance(30_000);
    return totpAt(secret, server.clock.now());
  };

  /** Reads the setup key from the enrolment step, checking the QR code and the focus on the way. */
  async function readSetupKey(page: Page): Promise<string> {
    const qr = page.getByRole('img', { name: 'QR code to add Roster to an authenticator app' });
    await qr.waitFor();
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR code draws');
    const shown = await page.locator('code.secret').innerText();
    const secret = shown.replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/, 'a base32 key to type in by hand');
    assert.equal(await focusedLabel(page), 'Code from the app', 'the step focuses its code field');
    return secret;
  }

  /** Reads the recovery codes shown once, copies them, and goes on. */
  async function saveRecoveryCodes(page: Page, shot?: string): Promise<string[]> {
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
    assert.equal(codes.length, 10);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Copy codes');
    if (shot) await checkStep(page, shot);
    await page.keyboard.press('Enter');
    await page.getByText('Recovery codes copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), codes.join('\n'));
    await page.getByRole('button', { name: 'I have saved them' }).click();
    return codes;
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
  }

  async function mfaPage(): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser);
    await opened.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    return opened;
  }

  it('account page: turns MFA on with the QR code, makes new recovery codes, and turns it off', async () => {
    await createLocalUser(server, 'alex@example.com', { roles: ['customer-cloud-admin'] });
    const { page, errors } = await mfaPage();
    await page.goto(`${server.url}/account`);
    await enterUsername(page, 'alex@example.com');
    await enterPassword(page, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    const card = page.getByRole('region', { name: 'Two-step verification' });
    await card.getByText('Off', { exact: true }).waitFor();
    await checkStep(page, 'account-1-mfa-off');
    await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = await readSetupKey(page);
    await checkStep(page, 'account-2-enrol');
    await page.keyboard.type(await codeFor(secret));
    await page.keyboard.press('Enter');
    // On from now: the status says so while the codes are shown.
    await card.getByText('On', { exact: true }).waitFor();
    const first = await saveRecoveryCodes(page, 'account-3-recovery-codes');
    await card.getByText('10 recovery codes left.').waitFor();
    await checkStep(page, 'account-4-mfa-on');

    await card.getByLabel('Code from the app (new recovery codes)').fill(await codeFor(secret));
    await card.getByRole('button', { name: 'Make new recovery codes' }).click();
    const second = await saveRecoveryCodes(page);
    assert.equal(second.filter((c) => first.includes(c)).length, 0, 'a new set: none of the old codes');

    const off = card.getByLabel('Code from the app (turn off)');
    await off.fill('000000' === (await codeFor(secret)) ? '111111' : '000000');
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByRole('alert').getByText('Wrong code').waitFor();
    // The organization comes to require MFA while the page is open: turning off is refused, and said so.
    await setMfaRequired(server, true);
    await off.fill(await codeFor(secret));
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByText(REQUIRED_NOTE, { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Turn off' }).waitFor({ state: 'detached' });
    await checkStep(page, 'account-5-turn-off-refused');
    await setMfaRequired(server, null);
    await page.reload();
    await page.getByLabel('Code from the app (turn off)').fill(await codeFor(secret));
    await page.getByRole('button', { name: 'Turn off' }).click();
    await card.getByText('Off', { exact: true }).waitFor();
    assert.deepEqual(unexpected(errors), []);
  });

  it('an organization that requires MFA: enrol at sign-in, then sign in with a code and with a recovery code', async () => {
    await setMfaRequired(server, true);
    await createLocalUser(server, 'mia@example.com', { roles: ['customer-cloud-admin'] });
    const { page, errors } = await mfaPage();
    await page.goto(`${server.url}/users`);
    await enterUsername(page, 'mia@example.com', 'mfa-1-username');
    await enterPassword(page, GOOD_PASSWORD, 'mfa-2-password');
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    const secret = await readSetupKey(page);
    await checkStep(page, 'mfa-3-enrol');
    const right = await codeFor(secret);
    await page.keyboard.type(right === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    await checkStep(page, 'mfa-4-enrol-wrong-code');
    await page.getByLabel('Code from the app').fill(right);
    await page.keyboard.press('Enter');
    const codes = await saveRecoveryCodes(page, 'mfa-5-recovery-codes');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/users', 'back to the page asked for');

    // Required by the organization: the account page says so and offers no way to turn it off.
    await page.getByRole('link', { name: 'Account: mia@example.com' }).click();
    const card = page.getByRole('region', { name: 'Two-step verification' });
    await card
      .getByText('Your organization requires two-step verification, so it cannot be turned off.', {
        exact: false,
      })
      .waitFor();
    assert.equal(await card.getByRole('button', { name: 'Turn off' }).count(), 0);
    await checkStep(page, 'mfa-6-account-required');

    await signOut(page);
    await enterUsername(page, 'mia@example.com');
    await enterPassword(page, GOOD_PASSWORD);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    assert.equal(await focusedLabel(page), 'Authentication code');
    await checkStep(page, 'mfa-7-code');
    // The step's token lives 5 minutes: past that, the sign-in starts over, the username kept.
    server.clock.advance(6 * 60 * 1000);
    await page.keyboard.type(await codeFor(secret));
    await page.keyboard.press('Enter');
    await page.getByText('That sign-in attempt has expired or was ended. Please start again.').waitFor();
    assert.equal(await focusedLabel(page), 'Username');
    assert.equal(await page.getByLabel('Username').inputValue(), 'mia@example.com');
    await page.keyboard.press('Enter');
    await page.getByLabel('Password', { exact: true }).waitFor();
    await enterPassword(page, GOOD_PASSWORD);
    await page.getByLabel('Authentication code').waitFor();
    await page.keyboard.type(await codeFor(secret));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    await signOut(page);
    await enterUsername(page, 'mia@example.com');
    await enterPassword(page, GOOD_PASSWORD);
    await useRecoveryCode(page, codes[0] as string, 'mfa-8-recovery-code');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    // A recovery code works once.
    await signOut(page);
    await enterUsername(page, 'mia@example.com');
    await enterPassword(page, GOOD_PASSWORD);
    await useRecoveryCode(page, codes[0] as string);
    await page.getByRole('alert').waitFor();
    await checkStep(page, 'mfa-9-recovery-code-used');
    await page.getByLabel('Recovery code').fill(codes[1] as string);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    assert.deepEqual(unexpected(errors), []);
  });
});

/** Switches the MFA step to a recovery code, keyboard only, and sends `code`. */
async function useRecoveryCode(page: Page, code: string, shot?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByRole('button', { name: 'Use a recovery code' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Recovery code').waitFor();
  assert.equal(await focusedLabel(page), 'Recovery code', 'the switch focuses the recovery-code field');
  if (shot) await checkStep(page, shot);
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/** Sets the root organization's MFA requirement, which every organization inherits (null: not required). */
async function setMfaRequired(server: TestServer, required: boolean | null): Promise<void> {
  const tree = await server.admin('GET', '/organizations');
  const root = tree.body.organizations.find((o: any) => o.parentId === null);
  const patched = await server.admin('PATCH', `/organizations/${root.id}`, { settings: { mfaRequired: required } });
  assert.equal(patched.status, 200, patched.text);
}

/** Browser-console errors other than the 4xx answers the steps expect (no session yet, wrong codes, MFA required). */
function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/status of (400|401|409)/.test(e));
}
