import { createHash, randomBytes } from 'node:crypto';

/** Random secrets are shown once; only their SHA-256 is stored. */
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const API_TOKEN_PREFIX = 'vlm_';
export const OAUTH_CLIENT_ID_PREFIX = 'vlmc_';
export const OAUTH_CLIENT_SECRET_PREFIX = 'vlms_';
