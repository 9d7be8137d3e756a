/** A patient's unique ID: 2–32 characters of a-z 0-9 _ -, lower-cased before validation. */
export const UNIQUE_ID_PATTERN = /^[a-z0-9_-]{2,32}$/;

export type UniqueIdResult = { ok: true; value: string } | { ok: false; message: string };

export function normalizeUniqueId(input: string): UniqueIdResult {
  const value = input.trim().toLowerCase();
  if (value.length < 2 || value.length > 32) {
    return { ok: false, message: 'The unique ID must be 2 to 32 characters long.' };
  }
  if (!UNIQUE_ID_PATTERN.test(value)) {
    return {
      ok: false,
      message: 'The unique ID may contain only letters a-z, digits 0-9, underscore and hyphen.',
    };
  }
  return { ok: true, value };
}
