// The people of the browser tests, created by the global setup through the `vellum` command.
export const PASSWORD = 'E2e-Password-42!';
/** A password users choose themselves in the password tests. */
export const NEW_PASSWORD = 'Quiet-Harbour-Lamp-58';
export const ACCOUNT = 'E2E Clinic';
export const USERS = {
  root: { email: 'root@e2e.test', role: 'super-admin' },
  admin: { email: 'admin@e2e.test', role: 'admin' },
  clinician: { email: 'clinician@e2e.test', role: 'clinician' },
  clinician2: { email: 'clinician2@e2e.test', role: 'clinician' },
  assistant: { email: 'assistant@e2e.test', role: 'assistant' },
} as const;
export type Who = keyof typeof USERS;

/** The server's clock starts here; old deletions are seeded 90 days before it. */
export const SEEDED_TIME = '2026-01-05T09:00:00.000Z';
export const TEST_TIME = '2026-04-05T09:00:00.000Z';
/** Patients deleted at SEEDED_TIME: what a retention of 1 month removes at once. */
export const OLD_DELETED = ['old-1', 'old-2', 'old-3'];
