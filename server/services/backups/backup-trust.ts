import { type BackupTrust, parsePublicKey, type TrustedKey } from '../../domain/backup-signature.ts';
import { AppError } from '../../errors.ts';
import type { Evidence } from '../evidence/evidence.ts';

export interface TrustOptions {
  /** Public keys of other deployments the operator vouches for (PEM or one-line base64). */
  trustPublicKeys?: string[];
  /** Accept an archive without a signature (written before backups were signed). */
  trustUnsigned?: boolean;
}

/**
 * Whose backups this deployment reads: its own signing key first, then only keys the operator
 * passed explicitly. The one place a restore or a verify decides which signatures count.
 */
export function backupTrust(evidence: Evidence, options: TrustOptions = {}): BackupTrust {
  const own: TrustedKey = {
    keyId: evidence.keys.signing.keyId,
    publicKeyPem: evidence.keys.signing.publicKeyPem,
  };
  return {
    keys: [own, ...(options.trustPublicKeys ?? []).map(trustedKey)],
    allowUnsigned: options.trustUnsigned === true,
  };
}

function trustedKey(text: string): TrustedKey {
  try {
    return parsePublicKey(text);
  } catch {
    throw new AppError(
      422,
      'public_key_invalid',
      'The public key to trust is not an Ed25519 public key (PEM, or the one line `vellum backup public-key` prints).',
    );
  }
}
