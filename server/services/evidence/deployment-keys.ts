import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { type AuditKey, auditKeyFrom, parseAuditKey } from '../../domain/audit-key.ts';
import { publicKeyId } from '../../domain/signature.ts';

/** The deployment's keys: the audit chain's HMAC key and the Ed25519 key that signs evidence. */
export interface DeploymentKeys {
  audit: AuditKey;
  signing: SigningKey;
  /** The salt of the patients' unique IDs hashed in destruction records (32 bytes). */
  destructionSalt: Buffer;
}

export interface SigningKey {
  privateKey: KeyObject;
  /** SPKI PEM: what another machine needs to check this deployment's checkpoints and backups. */
  publicKeyPem: string;
  /** A short id of the public key (first 16 hex digits of its SHA-256). */
  keyId: string;
}

export const keysDir = (dataDir: string) => path.join(dataDir, 'keys');
export const auditKeyFile = (dataDir: string) => path.join(keysDir(dataDir), 'audit.key');
export const signingKeyFile = (dataDir: string) => path.join(keysDir(dataDir), 'signing.pem');
export const destructionSaltFile = (dataDir: string) => path.join(keysDir(dataDir), 'destruction.salt');

/**
 * Reads the keys from the environment, else from 0600 files in the data dir, creating them on the
 * first start. `wx` makes two processes starting at once agree on one key: the second one reads it.
 */
export function loadDeploymentKeys(config: Pick<Config, 'dataDir' | 'evidence'>): DeploymentKeys {
  const auditText =
    config.evidence.auditKey ??
    readOrCreate(auditKeyFile(config.dataDir), () => `${randomBytes(32).toString('hex')}\n`);
  const signingPem =
    config.evidence.signingKey ??
    readOrCreate(signingKeyFile(config.dataDir), () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
  const saltText = readOrCreate(
    destructionSaltFile(config.dataDir),
    () => `${randomBytes(32).toString('hex')}\n`,
  );
  return {
    audit: auditKeyFrom(parseAuditKey(auditText)),
    signing: signingKeyFrom(signingPem),
    destructionSalt: Buffer.from(saltText.trim(), 'hex'),
  };
}

export function signingKeyFrom(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The signing key must be an Ed25519 key.');
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem, keyId: publicKeyId(publicKeyPem) };
}

function readOrCreate(file: string, make: () => string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8');
}

// One deployment per process: every append of the chain, wherever it happens, uses this key.
let current: AuditKey | undefined;

let salt: Buffer | undefined;

export function setProcessAuditKey(key: AuditKey): void {
  current = key;
}

/** Makes these keys the process's: the audit key and the destruction records' salt. */
export function adoptDeploymentKeys(keys: DeploymentKeys): void {
  current = keys.audit;
  salt = keys.destructionSalt;
}

export function destructionSalt(): Buffer {
  if (!salt) throw new Error('The destruction salt was not loaded (loadDeploymentKeys at start).');
  return salt;
}

export function auditKey(): AuditKey {
  if (!current) throw new Error('The audit key was not loaded (loadDeploymentKeys at start).');
  return current;
}
