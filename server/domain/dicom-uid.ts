import { createHash } from 'node:crypto';

/** DICOM UIDs are at most 64 characters of digits and dots, no component with a leading zero. */
export const UID_MAX = 64;
const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

export function isValidUid(uid: string): boolean {
  return uid.length <= UID_MAX && UID.test(uid);
}

/** A root given by the operator must leave room for the derived part (at least 20 digits). */
export function rootUidProblem(root: string): string | undefined {
  if (!isValidUid(root)) return 'must be digits and dots, like 1.2.826.0.1.3680043.10.543';
  if (root.length > UID_MAX - 21) return `must be at most ${UID_MAX - 21} characters`;
  return undefined;
}

export type UidKind = 'study' | 'series' | 'instance' | 'dicomdir';

/**
 * The name-based UUID (RFC 4122 version 5, SHA-1) of `kind:key` in the deployment's namespace,
 * as a 128-bit integer: the same record always gives the same UID.
 */
function nameBasedUuid(namespace: string, kind: UidKind, key: string): bigint {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(`${kind}:${key}`).digest().subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  return BigInt(`0x${hash.toString('hex')}`);
}

/**
 * A deterministic UID. Without a configured root it is `2.25.<uuid as decimal>` (PS3.5 B.2), the
 * UUID derived from the deployment namespace; with a root it is `<root>.<decimal digits>`, the
 * digits of the same UUID cut to fit 64 characters.
 */
export function deriveUid(
  scheme: { root: string | undefined; namespace: string },
  kind: UidKind,
  key: string,
): string {
  const value = nameBasedUuid(scheme.namespace, kind, key).toString();
  if (!scheme.root) return `2.25.${value}`;
  return `${scheme.root}.${value.slice(0, UID_MAX - scheme.root.length - 1)}`;
}
