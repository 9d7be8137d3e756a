import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { auditKey } from './deployment-keys.ts';

/**
 * HMAC-SHA-256 in SQL from the key's pads (RFC 2104): sha256(opad || sha256(ipad || message)), hex.
 * `head` and `tail` are SQL text expressions concatenated into the message; pads are hex parameters.
 */
export const macSql = (head: string, tail: string, innerPad: string, outerPad: string) =>
  `encode(sha256(decode(${outerPad}, 'hex') || sha256(decode(${innerPad}, 'hex') || convert_to(${head} || ${tail}, 'UTF8'))), 'hex')`;

/** The seal a redaction by the server writes: the MAC of sealText(hash) of domain/audit-chain.ts. */
export function redactionSealSql(hash: AnyColumn | SQL): SQL {
  const key = auditKey();
  return sql`encode(sha256(decode(${key.outerPad}, 'hex') || sha256(decode(${key.innerPad}, 'hex') || convert_to('redacted:' || ${hash}, 'UTF8'))), 'hex')`;
}
