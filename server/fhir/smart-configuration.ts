import { ASSERTION_ALGORITHMS } from '../services/smart/client-keys.ts';

/**
 * SMART App Launch's discovery document, for Backend Services: the token endpoint, private_key_jwt
 * with RS384/ES384 (client secrets too), the client_credentials grant and system scopes.
 */
export function smartConfiguration(origin: string) {
  return {
    issuer: origin,
    token_endpoint: `${origin}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    grant_types_supported: ['client_credentials'],
    scopes_supported: [
      'system/*.cruds',
      'system/*.rs',
      'system/Patient.rs',
      'system/*.read',
      'system/*.write',
    ],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  };
}
