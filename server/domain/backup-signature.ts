import { createPublicKey, type KeyObject } from 'node:crypto';
import { publicKeyId, signText, verifyText } from './signature.ts';

/**
 * A backup's manifest signed with the deployment's Ed25519 key (the one that signs checkpoints).
 * The manifest holds the size and SHA-256 of every entry, so its signature covers the whole archive.
 */
export interface BackupSignature {
  keyId: string;
  signature: string;
}

/** A public key a reader accepts backups from: this deployment's own, or one the operator passed. */
export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

export interface BackupTrust {
  keys: TrustedKey[];
  /** Archives written before backups were signed carry none; accepted only when the operator says so. */
  allowUnsigned?: boolean;
}

export type SignatureVerdict =
  | { ok: true; keyId: string | null }
  | { ok: false; why: 'unsigned' }
  | { ok: false; why: 'foreign'; keyId: string }
  | { ok: false; why: 'altered'; keyId: string };

const signedText = (manifest: Buffer) => `vellum-backup-manifest:1\n${manifest.toString('utf8')}`;

export const signManifest = (
  manifest: Buffer,
  key: { privateKey: KeyObject; keyId: string },
): BackupSignature => ({ keyId: key.keyId, signature: signText(signedText(manifest), key.privateKey) });

/** Checks the signature of the manifest's exact bytes against the trusted keys. */
export function checkManifestSignature(
  manifest: Buffer,
  signature: BackupSignature | undefined,
  trust: BackupTrust,
): SignatureVerdict {
  if (!signature) return trust.allowUnsigned ? { ok: true, keyId: null } : { ok: false, why: 'unsigned' };
  const key = trust.keys.find((k) => k.keyId === signature.keyId);
  if (!key) return { ok: false, why: 'foreign', keyId: signature.keyId };
  return verifyText(signedText(manifest), signature.signature, key.publicKeyPem)
    ? { ok: true, keyId: key.keyId }
    : { ok: false, why: 'altered', keyId: key.keyId };
}

/** Reads the signature entry; undefined when it is not one. */
export function parseBackupSignature(data: Buffer): BackupSignature | undefined {
  try {
    const v = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    return typeof v.keyId === 'string' && typeof v.signature === 'string'
      ? { keyId: v.keyId, signature: v.signature }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A public key as an operator passes it: SPKI PEM, or the base64 of its DER form on one line.
 * Throws when it is neither, or not Ed25519.
 */
export function parsePublicKey(text: string): TrustedKey {
  const trimmed = text.trim();
  const key = trimmed.includes('BEGIN PUBLIC KEY')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  const publicKeyPem = key.export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: publicKeyId(publicKeyPem), publicKeyPem };
}

/** The one-line form of a public key (base64 of its DER), for a command line or an API field. */
export const publicKeyBase64 = (publicKeyPem: string) =>
  createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
