/**
 * Approval links. A link is `${PUBLIC_BASE_URL}/a/${token}` where the token is
 * `v1.<payload>.<mac>`: the payload binds one grant, one round, one seat and the seat's current
 * nonce, plus an expiry; the mac is HMAC-SHA256 over it with LINK_SECRET. Unguessable (the nonce
 * is random and the mac needs the secret), bound (every field is under the mac), expiring, and
 * revocable (the workflow replaces a seat's nonce on delegation, so the old link stops matching).
 * The token never enters workflow history: the mail activity signs it when it sends.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const LinkClaims = z.object({
  w: z.string().min(1).max(200), // workflow id
  r: z.string().min(1).max(200), // round id
  m: z.string().min(1).max(64), // member (seat) id
  n: z.string().min(8).max(64), // nonce
  e: z.number().int().positive(), // expiry, seconds since epoch
});
export type LinkClaims = z.infer<typeof LinkClaims>;

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'badSignature' | 'expired'; claims?: LinkClaims };

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`grantflow-link-v1.${payload}`).digest();
}

export function signLink(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `v1.${payload}.${mac(secret, payload).toString('base64url')}`;
}

export function verifyLink(secret: string, token: string, nowMs: number): LinkCheck {
  if (typeof token !== 'string' || token.length > 2000) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || !parts[1] || !parts[2]) return { ok: false, reason: 'malformed' };
  const [, payload, sig] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(sig)) return { ok: false, reason: 'malformed' };
  // Compare the canonical text of the mac, not decoded bytes: base64url's last character has
  // unused bits, and decoding would let four spellings of one signature pass.
  const expected = Buffer.from(mac(secret, payload).toString('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'badSignature' };
  let claims: LinkClaims;
  try {
    const parsed = LinkClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.e * 1000 < nowMs) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** A per-link value for the form's hidden field: ties a POST to a page rendered for this token. */
export function formToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`grantflow-form-v1.${token}`).digest('base64url');
}

export function checkFormToken(secret: string, token: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(formToken(secret, token));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
