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
});
