import { createHmac } from 'node:crypto';

/**
 * The deployment's audit key: each link of the chain is an HMAC-SHA-256 under it, so a chain
 * recomputed by someone holding only the database does not verify. The key is never stored in the
 * database; the database computes links with the key's inner and outer pads (RFC 2104), which are
 * sent with each append and never kept.
 */
export interface AuditKey {
  /** HMAC-SHA-256 of `text` under the key, in hex. */
  mac(text: string): string;
  /** The key XOR ipad / opad (64 bytes each, hex): HMAC = sha256(opad || sha256(ipad || m)). */
  innerPad: string;
  outerPad: string;
}

const BLOCK = 64;

export function auditKeyFrom(key: Buffer): AuditKey {
  if (key.length < 32 || key.length > BLOCK) throw new Error('The audit key must be 32 to 64 bytes.');
  const padded = Buffer.alloc(BLOCK);
  key.copy(padded);
  const pad = (byte: number) => Buffer.from(padded.map((b) => b ^ byte)).toString('hex');
  return {
    mac: (text) => createHmac('sha256', key).update(text, 'utf8').digest('hex'),
    innerPad: pad(0x36),
    outerPad: pad(0x5c),
  };
}

/** Parses VELLUM_AUDIT_KEY or the key file: 64 hex digits or base64 of 32 to 64 bytes. */
export function parseAuditKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64,128}$/.test(trimmed) && trimmed.length % 2 === 0) return Buffer.from(trimmed, 'hex');
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length < 32 || bytes.length > BLOCK) {
    throw new Error('The audit key must be 64 hex digits (32 bytes) or base64 of 32 to 64 bytes.');
  }
  return bytes;
}
