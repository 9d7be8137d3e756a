/** Phrases a person types to confirm an irreversible or far-reaching action. */
export const deletePatientPhrase = (uniqueId: string) => `delete ${uniqueId}`;
export const restorePatientPhrase = (uniqueId: string) => `restore ${uniqueId}`;
export const deleteAccountPhrase = (name: string) => `delete account ${name}`;

/** Exact match after trimming surrounding spaces: the phrase must be typed, not guessed. */
export function confirms(typed: unknown, phrase: string): boolean {
  return typeof typed === 'string' && typed.trim() === phrase;
}
export const restoreBackupPhrase = (backupId: string) => `restore backup ${backupId}`;
