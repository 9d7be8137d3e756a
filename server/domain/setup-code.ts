import { timingSafeEqual } from 'node:crypto';
import type { AuditKey } from './audit-key.ts';

// Crockford's base32 without I, L, O, U: nothing to misread when typed from a log.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LABEL = 'vellum first-run setup code v1';

/**
 * The first-run setup code: derived from the deployment's audit key (an HMAC under a label of its
 * own), so nothing is stored, every instance and `vellum setup-code` agree, and only someone who
 * can read the server's log or its keys can create the first super administrator. 60 bits.
 */
export function setupCodeFrom(key: AuditKey): string {
  const digest = key.mac(LABEL);
  let bits = BigInt(`0x${digest.slice(0, 15)}`);
  let code = '';
  for (let i = 0; i < 12; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Compares a typed code with the expected one, ignoring case, spaces and dashes. */
export function setupCodeMatches(typed: string, expected: string): boolean {
  const norm = (s: string) => s.toUpperCase().replace(/[\s-]/g, '');
  const a = Buffer.from(norm(typed));
  const b = Buffer.from(norm(expected));
  return a.length === b.length && timingSafeEqual(a, b);
}
