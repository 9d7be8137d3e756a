import { Secret, TOTP } from 'otpauth';

/**
 * TOTP two-factor (RFC 6238: SHA-1, 6 digits, 30 seconds), kept in the one `users.totp_secret`
 * column with a marker prefix, so no other column is needed:
 *   `pending:<base32>`            set up, not yet confirmed with a code (sign-in does not ask for one)
 *   `enabled:<step>:<base32>`     on; <step> is the last time step accepted, so a code works once
 * The column is replaced as a whole with a compare-and-set, so two instances cannot both accept
 * the same code.
 */
export type TotpState =
  | { status: 'off' }
  | { status: 'pending'; secret: string }
  | { status: 'enabled'; secret: string; lastStep: number };

export const TOTP_PERIOD = 30;
/** Codes of the step before and after are accepted too (clock drift of a phone). */
const WINDOW = 1;
const BASE32 = /^[A-Z2-7]+$/;

export function parseTotp(stored: string | null): TotpState {
  if (!stored) return { status: 'off' };
  const [marker, a, b] = stored.split(':');
  if (marker === 'pending' && a && BASE32.test(a)) return { status: 'pending', secret: a };
  if (marker === 'enabled' && a && b && BASE32.test(b) && /^\d+$/.test(a)) {
    return { status: 'enabled', secret: b, lastStep: Number(a) };
  }
  // An unreadable value must never switch the second factor off silently.
  throw new Error('unreadable totp_secret value');
}

export const pendingValue = (secret: string) => `pending:${secret}`;
export const enabledValue = (secret: string, lastStep: number) => `enabled:${lastStep}:${secret}`;

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

function totpOf(secret: string, label = 'user') {
  return new TOTP({
    issuer: 'Vellum',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** The URI an authenticator app reads (usually from a QR code). */
export const totpUri = (secret: string, label: string) => totpOf(secret, label).toString();

/**
 * The time step a code belongs to if it is valid at `now` and newer than `afterStep`; otherwise
 * null. Callers store the step so the same code is refused the next time.
 */
export function acceptedStep(secret: string, code: string, now: Date, afterStep = -1): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
  return step > afterStep ? step : null;
}

/** The current code (tests and the command line). */
export const totpCode = (secret: string, at: Date) => totpOf(secret).generate({ timestamp: at.getTime() });
