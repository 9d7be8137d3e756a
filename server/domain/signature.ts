import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** Ed25519 signatures (node:crypto) over UTF-8 text, as base64. */
export const signText = (text: string, privateKey: KeyObject) =>
  sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');

export function verifyText(text: string, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(text, 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** A short, stable id of a public key: the first 16 hex digits of the SHA-256 of its DER form. */
export function publicKeyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}
