import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkManifestSignature, parsePublicKey, publicKeyBase64, signManifest } from './backup-signature.ts';
import { publicKeyId } from './signature.ts';

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKeyPem, keyId: publicKeyId(publicKeyPem) };
};

describe('backup manifest signatures', () => {
  const own = keyPair();
  const other = keyPair();
  const manifest = Buffer.from('{"id":"20260101t000000z-abcdef","entries":[]}');
  const trust = { keys: [own] };

  it('accepts the manifest signed by a trusted key', () => {
    expect(checkManifestSignature(manifest, signManifest(manifest, own), trust)).toEqual({
      ok: true,
      keyId: own.keyId,
    });
  });

  it('names a foreign key, an altered manifest and a missing signature', () => {
    expect(checkManifestSignature(manifest, signManifest(manifest, other), trust)).toEqual({
      ok: false,
      why: 'foreign',
      keyId: other.keyId,
    });
    const altered = Buffer.from(manifest.toString().replace('abcdef', 'abcdee'));
    expect(checkManifestSignature(altered, signManifest(manifest, own), trust)).toMatchObject({
      ok: false,
      why: 'altered',
    });
    // A signature claiming the trusted key's id, made with another key.
    const forged = { ...signManifest(manifest, other), keyId: own.keyId };
    expect(checkManifestSignature(manifest, forged, trust)).toMatchObject({ ok: false, why: 'altered' });
    expect(checkManifestSignature(manifest, undefined, trust)).toEqual({ ok: false, why: 'unsigned' });
    expect(checkManifestSignature(manifest, undefined, { ...trust, allowUnsigned: true })).toEqual({
      ok: true,
      keyId: null,
    });
  });

  it('reads a public key as PEM or as its one-line base64 form', () => {
    const trusted = { keyId: other.keyId, publicKeyPem: other.publicKeyPem };
    expect(parsePublicKey(other.publicKeyPem)).toEqual(trusted);
    expect(parsePublicKey(publicKeyBase64(other.publicKeyPem))).toEqual(trusted);
    expect(() => parsePublicKey('not a key')).toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => parsePublicKey(rsa.export({ type: 'spki', format: 'pem' }).toString())).toThrow(/Ed25519/);
  });
});
