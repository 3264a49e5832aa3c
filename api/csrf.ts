/**
 * CSRF protection for the dashboard's forms. Two checks, both must pass on a form that changes
 * something: the request comes from this site (Origin / Sec-Fetch-Site), and it carries a token
 * bound to the session (an HMAC of the session cookie, which a page of another site cannot read).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** Whether a form post comes from this site (no Origin or Sec-Fetch-Site header of another one). */
export function fromThisSite(req: Request, selfOrigin: string): boolean {
  const origin = req.get('origin');
  const site = req.get('sec-fetch-site');
  const sameHost = origin && origin === `${req.protocol}://${req.get('host')}`;
  return !((origin && origin !== 'null' && origin !== selfOrigin && !sameHost) || (site && site !== 'same-origin' && site !== 'none'));
}

export function csrfTokens(secret: string) {
  const key = createHmac('sha256', secret).update('grantflow csrf v1').digest();
  const tokenFor = (session: string) => createHmac('sha256', key).update(session).digest('base64url');
  return {
    tokenFor,
    valid(session: string | undefined, given: unknown): boolean {
      if (!session || typeof given !== 'string') return false;
      const a = Buffer.from(tokenFor(session));
      const b = Buffer.from(given);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
