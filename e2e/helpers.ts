import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { PASSWORD, USERS, type Who } from './users.ts';

/** Signs in through the API: the session cookie lands in the page's browser context. */
export async function signIn(page: Page, who: Who) {
  // A signed-in browser's sign-in would need the CSRF header: start from no session.
  await page.context().clearCookies();
  const res = await page.request.post('/api/auth/login', {
    data: { email: USERS[who].email, password: PASSWORD },
  });
  expect(res.status()).toBe(200);
}

/** The CSRF token the server set at sign-in, for API calls made beside the browser. */
export async function csrf(page: Page): Promise<Record<string, string>> {
  const cookies = await page.context().cookies();
  return { 'x-csrf-token': cookies.find((c) => c.name === 'vellum_csrf')?.value ?? '' };
}

export async function apiPost(page: Page, path: string, data: unknown) {
  const res = await page.request.post(path, { data, headers: await csrf(page) });
  expect(res.ok(), await res.text()).toBe(true);
  return res.json();
}

/** The browser's document as far as waiting for animations needs it (the tests are typed without DOM). */
type PageWithAnimations = { document: { getAnimations(): { playState: string }[] } };

/** No serious or critical accessibility violations (WCAG 2 A and AA rules). */
export async function expectAccessible(page: Page) {
  // Mid-transition (a dialog fading in, a notification fading out) colours are blended and would
  // read as low contrast: from here on every transition ends at once, and running ones are waited for.
  await page.addStyleTag({
    content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  await page.waitForFunction(() =>
    (globalThis as unknown as PageWithAnimations).document
      .getAnimations()
      .every((a) => a.playState !== 'running'),
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    ),
  ).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  // From the top: a full-page shot of a scrolled page draws the fixed header halfway down.
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** A small photo-like test image. */
export async function photo(name: string, color: { r: number; g: number; b: number }) {
  const buffer = await sharp({ create: { width: 320, height: 240, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

export type { APIRequestContext };

/** A photo whose EXIF says when it was taken ("2026:01:10 10:00:00"), as a camera writes it. */
export async function photoTaken(name: string, color: { r: number; g: number; b: number }, taken: string) {
  const buffer = await sharp({ create: { width: 320, height: 240, channels: 3, background: color } })
    .withExif({ IFD0: { DateTime: taken } })
    .jpeg()
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

/** Uploads photos to a patient's pool through the API; the created images, in upload order. */
export async function upload(page: Page, patientId: string, files: Awaited<ReturnType<typeof photo>>[]) {
  const created: { id: string; filename: string }[] = [];
  for (const file of files) {
    const res = await page.request.post(`/api/patients/${patientId}/images`, {
      headers: await csrf(page),
      multipart: { file },
    });
    expect(res.status(), await res.text()).toBe(201);
    created.push(...(await res.json()).created);
  }
  return created;
}

/** Screenshots at a desktop's 1440×900 and a phone's 390×844 (the viewport is put back after). */
export async function screenshotBoth(page: Page, name: string) {
  const before = page.viewportSize();
  for (const [suffix, size] of [
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    // The frame slides its navigation in or out when the width changes: shoot once it has settled.
    await page.waitForFunction(() =>
      (globalThis as unknown as PageWithAnimations).document
        .getAnimations()
        .every((a) => a.playState !== 'running'),
    );
    await screenshot(page, `${name}-${suffix}`);
  }
  if (before) await page.setViewportSize(before);
}

/**
 * A user created by the signed-in administrator who has set PASSWORD itself through the reset
 * link the creation answers (a password chosen by an administrator would have to be changed first).
 */
export async function createUserWithPassword(page: Page, data: Record<string, unknown>) {
  const user = await apiPost(page, '/api/users', data);
  const token = new URL(user.resetUrl).hash.replace(/^#token=/, '');
  await apiPost(page, '/api/auth/password-reset', { token, newPassword: PASSWORD });
  return user;
}
