import { isLanguage, type Language } from '../../shared/languages.ts';
import type { users } from '../db/schema.ts';

type UserRow = typeof users.$inferSelect;

export const presentUser = (u: UserRow, accountName: string | null) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role as 'super-admin' | 'admin' | 'clinician' | 'assistant',
  accountId: u.accountId,
  accountName,
  createdAt: u.createdAt.toISOString(),
  // Pending (set up, never confirmed) asks for no code at sign-in: not on.
  totpEnabled: u.totpSecret?.startsWith('enabled:') ?? false,
  mustChangePassword: u.mustChangePassword,
  language: languageOf(u.language),
});

/** A stored language Vellum no longer speaks reads as none (the browser's) rather than failing. */
export const languageOf = (value: string | null): Language | null =>
  value !== null && isLanguage(value) ? value : null;
