import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations } from './browser.js';

/** The focused element's accessible label (its <label>'s text), to check where each step puts the focus. */
export async function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el?.labels?.[0]?.textContent ?? el?.textContent ?? null;
  });
}

/** Checks a step: no serious accessibility violation, and a screenshot named `shot` when given. */
export async function checkStep(page: Page, shot?: string): Promise<void> {
  assert.deepEqual(await seriousA11yViolations(page), [], `axe on ${shot ?? page.url()}`);
  if (shot) await screenshot(page, shot);
}

/** Types the username and continues, with the keyboard only; the password field takes the focus. */
export async function enterUsername(page: Page, username: string, shot?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
  await page.getByLabel('Username').waitFor();
  assert.equal(await focusedLabel(page), 'Username', 'the username field has the focus');
  await page.keyboard.type(username);
  await checkStep(page, shot);
  await page.keyboard.press('Enter');
  await page.getByLabel('Password', { exact: true }).waitFor();
  assert.equal(await focusedLabel(page), 'Password', 'the password step focuses its field');
}

/** Types the password and presses Enter (the focus is already in the field). */
export async function enterPassword(page: Page, password: string, shot?: string): Promise<void> {
  await page.keyboard.type(password);
  if (shot) await checkStep(page, shot);
  await page.keyboard.press('Enter');
}

/** Signs in with username and password from the sign-in page and waits to leave it. */
export async function signInWithPassword(page: Page, username: string, password: string): Promise<void> {
  await enterUsername(page, username);
  await enterPassword(page, password);
  await page.waitForURL((u) => !u.pathname.endsWith('/sign-in'));
}
