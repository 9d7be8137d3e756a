import { hash, verify } from '@node-rs/argon2';
import { describePasswordProblems, passwordProblems, passwordWeakness } from '../domain/password-policy.ts';
import { AppError, invalid } from '../errors.ts';

// OWASP's Argon2id baseline (19 MiB, 2 passes): strong, and cheap enough for a laptop deployment.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the e-mail is unknown, so a miss costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-Aa1!');
  return dummyHash;
}

/**
 * Every new password passes the length rule (422 invalid_input) and the strength estimate
 * (422 password_too_weak), both explained in words; `field` names the form field in the details.
 */
export function requireAcceptablePassword(password: string, userInputs: string[], field = 'password') {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    const message = describePasswordProblems(problems);
    throw invalid(message, { [field]: message });
  }
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new AppError(422, 'password_too_weak', weakness, { fields: { [field]: weakness } });
}

/** Stored where no password was ever set: no password verifies against it. */
export const NO_PASSWORD = '!unset';
