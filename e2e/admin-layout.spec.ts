import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn } from './helpers.ts';

// Page group 7 for the admin pages: every control is reached with the keyboard alone, and each
// page reads at a tablet's width (768 px) without sideways scrolling, as it does at 1280x800.

/** The browser's document as far as these checks need it (the tests are typed without DOM). */
type Doc = {
  document: {
    activeElement: {
      getAttribute(n: string): string | null;
      textContent: string | null;
      labels?: { textContent: string | null }[] | null;
    } | null;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
};

/** Presses Tab until the focused control is named `name` (its label or text); fails past `max`. */
async function tabTo(page: Page, name: string, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = (globalThis as unknown as Doc).document.activeElement;
      const label = el?.labels?.[0]?.textContent ?? el?.textContent ?? '';
      return el?.getAttribute('aria-label') ?? label.trim();
    });
    if (focused === name) return;
  }
  throw new Error(`"${name}" was not reached with the Tab key`);
}

async function fitsTheWidth(page: Page) {
  const { scroll, client } = await page.evaluate(() => {
    const d = (globalThis as unknown as Doc).document.documentElement;
    return { scroll: d.scrollWidth, client: d.clientWidth };
  });
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
}

const MANAGER_TABS = [
  ['preferences', 'Retention period (months)'],
  ['users', 'Create user'],
  ['audit', 'Check the chain'],
  ['cleanup', 'Run now'],
  ['backups', 'Take a backup now'],
  ['expunge', 'Record ID'],
] as const;

test('the Manager by keyboard: tabs with the arrow keys, each tab’s main action with Tab', async ({
  page,
}) => {
  await signIn(page, 'root');
  await page.goto('/manager');
  await page.getByRole('tab', { name: 'Preferences' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/manager\/users$/);
  await expect(page.getByRole('tab', { name: 'Accounts and users' })).toBeFocused();
  for (const [tab, action] of MANAGER_TABS) {
    await page.goto(`/manager/${tab}`);
    await page.getByRole('tab', { selected: true }).focus();
    await tabTo(page, action);
  }
  // A keyboard-only change: the audit level, saved with Enter, then put back.
  await page.goto('/manager/preferences');
  await page.getByRole('tab', { selected: true }).focus();
  await tabTo(page, 'Essential');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Comprehensive' })).toBeChecked();
  await tabTo(page, 'Save preferences');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Preferences saved.').first()).toBeVisible();
  await page.getByRole('radio', { name: 'Essential' }).check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('button', { name: 'Save preferences' })).toBeDisabled();
});

test('admin pages at a tablet’s width: no sideways scrolling, navigation behind the menu button', async ({
  page,
}) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page, 'root');
  for (const [tab] of MANAGER_TABS) {
    await page.goto(`/manager/${tab}`);
    await expect(page.getByRole('tab', { selected: true })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await fitsTheWidth(page);
    await expectAccessible(page);
    await screenshot(page, `tablet-manager-${tab}`);
  }
  await page.goto('/security');
  await expect(page.getByRole('heading', { name: 'My security', exact: true })).toBeVisible();
  await fitsTheWidth(page);
  await expectAccessible(page);
  await screenshot(page, 'tablet-security');
  // The navigation folds behind the menu button; the button opens it from the keyboard.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'Manager' })).not.toBeInViewport();
  await page.getByRole('button', { name: 'Toggle navigation' }).focus();
  await page.keyboard.press('Enter');
  await expect(nav.getByRole('link', { name: 'Manager' })).toBeInViewport();
  await nav.getByRole('link', { name: 'Manager' }).press('Enter');
  await expect(page).toHaveURL(/\/manager$/);

  await signIn(page, 'admin');
  await page.goto('/users');
  await expect(page.getByRole('table', { name: 'Users', exact: true })).toContainText('clinician@e2e.test');
  await fitsTheWidth(page);
  await expectAccessible(page);
  await screenshot(page, 'tablet-users');
});
