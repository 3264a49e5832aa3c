/**
 * The embedded provider's secrets: its signing key, its cookie key and the two clients' secrets.
 * Made once and kept in a file (data/oidc.json for `npm start`), so sessions and tokens survive a
 * restart; the file is the provider's and the API's shared development secret.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface DevOidcSecrets {
  signingKey: JWK;
  cookieKey: string;
  /** The dashboard's (authorization code + PKCE, confidential client). */
  clientSecret: string;
  /** The integration's (client credentials). */
  integrationSecret: string;
}

export async function devOidcSecrets(file: string): Promise<DevOidcSecrets> {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevOidcSecrets;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
  const secrets: DevOidcSecrets = {
    signingKey,
    cookieKey: randomBytes(32).toString('base64url'),
    clientSecret: randomBytes(32).toString('base64url'),
    integrationSecret: randomBytes(32).toString('base64url'),
  };
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
