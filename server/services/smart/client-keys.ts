import { createLocalJWKSet, createRemoteJWKSet, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { invalid } from '../../errors.ts';

// The public keys a SMART backend client signs its assertions with: a JWKS given at registration,
// or the URL the client serves it at (fetched and cached by jose, refreshed on an unknown kid).

export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'];
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** A JWKS of public RSA or EC keys, checked at registration: 422 naming what is wrong. */
export async function checkedJwks(value: unknown): Promise<JSONWebKeySet> {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10) {
    throw invalid('The key set must be a JWKS: {"keys": [...]} with 1 to 10 public keys.', {
      jwks: 'not a JWKS',
    });
  }
  for (const key of keys as JWK[]) {
    if (!key || typeof key !== 'object' || PRIVATE_MEMBERS.some((m) => m in key)) {
      throw invalid('The key set must hold public keys only.', { jwks: 'private key material' });
    }
    const alg = key.alg ?? (key.kty === 'RSA' ? 'RS384' : 'ES384');
    if (!ASSERTION_ALGORITHMS.includes(alg)) {
      throw invalid(`Keys sign with ${ASSERTION_ALGORITHMS.join(' or ')}.`, { jwks: `algorithm ${alg}` });
    }
    try {
      await importJWK(key, alg);
    } catch {
      throw invalid('A key of the set cannot be read.', { jwks: 'unreadable key' });
    }
  }
  return { keys: keys as JWK[] };
}

/** An https URL (or http on this machine, for development) where the client serves its JWKS. */
export function checkedJwksUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('The key set URL is not a URL.', { jwksUrl: 'not a URL' });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalid('The key set URL must be https.', { jwksUrl: 'not https' });
  }
  return url.toString();
}

const remote = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The key lookup jose verifies an assertion with. */
export function keysOf(client: { jwks: unknown; jwksUrl: string | null }) {
  if (client.jwks) return createLocalJWKSet(client.jwks as JSONWebKeySet);
  const url = client.jwksUrl as string;
  let set = remote.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cacheMaxAge: 600_000 });
    remote.set(url, set);
  }
  return set;
}
