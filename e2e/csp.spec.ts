import { expect, type Page, test } from '@playwright/test';
import { apiPost, photo, signIn, unique } from './helpers.ts';

// The web app works under the server's Content-Security-Policy: every main page loads without a
// single violation. Scripts come from 'self' only (no inline scripts, no eval).

/** Records every CSP violation of the page, from the first script on. */
async function watchViolations(page: Page) {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('reportCspViolation', (v: string) => seen.push(v));
  // Runs in the page (as text: the tests compile without the DOM library).
  await page.addInitScript(`
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportCspViolation(
        e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber,
      ),
    );
  `);
  return seen;
}

test('the server sends a strict Content-Security-Policy', async ({ request }) => {
  const res = await request.get('/');
  const csp = res.headers()['content-security-policy'] ?? '';
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));
  expect(directive('script-src')).toBe("script-src 'self'");
  expect(directive('object-src')).toBe("object-src 'none'");
  expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  expect(directive('base-uri')).toBe("base-uri 'none'");
  expect(csp).not.toMatch(/unsafe-eval|https:|\*/);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
});

test('every main page loads without a CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();

  await signIn(page, 'admin');
  const patient = await apiPost(page, '/api/patients', { uniqueId: unique('csp'), lastName: 'Policy' });
  const entry = await apiPost(page, `/api/patients/${patient.id}/entries`, {
    appointmentAt: '2026-04-01T10:00:00.000Z',
  });
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'vellum_csrf')?.value ?? '';
  const up = await page.request.post(`/api/patients/${patient.id}/images`, {
    headers: { 'x-csrf-token': csrf },
    multipart: { file: await photo('csp.jpg', { r: 200, g: 80, b: 60 }) },
  });
  expect(up.status()).toBe(201);

  const pages = [
    '/patients',
    `/patients/${patient.id}`,
    `/entries/${entry.id}`,
    '/deleted',
    '/manager',
    '/manager/users',
    '/security',
  ];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('#root')).not.toBeEmpty();
    expect(violations, path).toEqual([]);
  }
  // The Manager's tabs are the super administrator's.
  await signIn(page, 'root');
  for (const tab of ['preferences', 'users', 'audit', 'cleanup', 'backups', 'expunge']) {
    await page.goto(`/manager/${tab}`);
    await page.waitForLoadState('networkidle');
    await expect(page.getByRole('tab', { selected: true })).toBeVisible();
    expect(violations, tab).toEqual([]);
  }
});
