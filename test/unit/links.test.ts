/**
 * Approval links: `v1.<payload>.<mac>` tokens signed with LINK_SECRET.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { type LinkClaims, checkFormToken, formToken, signLink, verifyLink } from '../../common/links';

const SECRET = 'a-link-secret-of-at-least-32-characters!';
const OTHER_SECRET = 'another-link-secret-of-32-characters-or-more';
const NOW = Date.parse('2024-06-01T10:00:00.000Z');
const CLAIMS: LinkClaims = {
  w: 'grant-RS/728/2024',
  r: 'anchoring:lifo:1',
  m: 'lifo-2',
  n: '6f1c2a9e-3b7d-4c5e-9a10-2b3c4d5e6f70',
  e: Math.floor(NOW / 1000) + 60 * 86_400,
};
const TOKEN = signLink(SECRET, CLAIMS);

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64 = (json: string) => Buffer.from(json).toString('base64url');
const [, PAYLOAD, SIG] = TOKEN.split('.') as [string, string, string];

describe('signLink and verifyLink', () => {
  it('produces a token of three dot-separated base64url parts starting with v1', () => {
    expect(TOKEN).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('verifies its own token and returns the claims', () => {
    expect(verifyLink(SECRET, TOKEN, NOW)).toEqual({ ok: true, claims: CLAIMS });
  });

  it('carries the claims readably in the payload', () => {
    expect(JSON.parse(Buffer.from(PAYLOAD, 'base64url').toString('utf8'))).toEqual(CLAIMS);
  });

  it('signs the same claims with different secrets into different tokens', () => {
    expect(signLink(OTHER_SECRET, CLAIMS)).not.toBe(TOKEN);
  });

  it('refuses a token whose payload was changed, as badSignature', () => {
    const forged = b64(JSON.stringify({ ...CLAIMS, m: 'lifo-1' }));
    expect(verifyLink(SECRET, `v1.${forged}.${SIG}`, NOW)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuses a token whose signature was replaced by another valid-looking one, as badSignature', () => {
    const otherSig = signLink(SECRET, { ...CLAIMS, n: 'another-nonce-123' }).split('.')[2]!;
    expect(verifyLink(SECRET, `v1.${PAYLOAD}.${otherSig}`, NOW)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuses a token signed with another secret, as badSignature', () => {
    expect(verifyLink(SECRET, signLink(OTHER_SECRET, CLAIMS), NOW)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuses a token with a truncated signature, as badSignature', () => {
    expect(verifyLink(SECRET, TOKEN.slice(0, -4), NOW)).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuses a token cut before its signature, as malformed', () => {
    expect(verifyLink(SECRET, `v1.${PAYLOAD}`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a token with an empty signature, as malformed', () => {
    expect(verifyLink(SECRET, `v1.${PAYLOAD}.`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses another version prefix, as malformed', () => {
    expect(verifyLink(SECRET, `v2.${PAYLOAD}.${SIG}`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a token with a fourth part, as malformed', () => {
    expect(verifyLink(SECRET, `${TOKEN}.x`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses characters outside base64url, as malformed', () => {
    expect(verifyLink(SECRET, `v1.${PAYLOAD}+.${SIG}`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each(['', 'garbage', '...', 'v1..', 'v1.a.b', '<script>alert(1)</script>', 'v1.%00.%00'])('refuses the garbage token %j', (garbage) => {
    expect(verifyLink(SECRET, garbage, NOW).ok).toBe(false);
  });

  it('refuses a token longer than 2000 characters as malformed before checking it', () => {
    const long = `v1.${'A'.repeat(2000)}.${SIG}`;
    expect(verifyLink(SECRET, long, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a correctly signed payload that is not JSON, as malformed', () => {
    const payload = b64('not json');
    const token = signLinkRaw(payload);
    expect(verifyLink(SECRET, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses correctly signed claims that break the schema (short nonce), as malformed', () => {
    const token = signLinkRaw(b64(JSON.stringify({ ...CLAIMS, n: 'short' })));
    expect(verifyLink(SECRET, token, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses an expired token as expired and still names its claims', () => {
    const expired = signLink(SECRET, { ...CLAIMS, e: Math.floor(NOW / 1000) - 1 });
    expect(verifyLink(SECRET, expired, NOW)).toEqual({ ok: false, reason: 'expired', claims: { ...CLAIMS, e: Math.floor(NOW / 1000) - 1 } });
  });

  it('accepts a token at the exact second it expires', () => {
    expect(verifyLink(SECRET, TOKEN, CLAIMS.e * 1000).ok).toBe(true);
  });

  it('refuses a token one millisecond after it expires', () => {
    expect(verifyLink(SECRET, TOKEN, CLAIMS.e * 1000 + 1)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('round-trips any valid claims', () => {
    const claims = fc.record({
      w: fc.string({ minLength: 1, maxLength: 200 }),
      r: fc.string({ minLength: 1, maxLength: 200 }),
      m: fc.string({ minLength: 1, maxLength: 64 }),
      n: fc.string({ minLength: 8, maxLength: 64 }),
      e: fc.integer({ min: Math.floor(NOW / 1000), max: 2 ** 40 }),
    });
    fc.assert(
      fc.property(claims, (c) => {
        expect(verifyLink(SECRET, signLink(SECRET, c), NOW)).toEqual({ ok: true, claims: c });
      }),
    );
  });

  it('refuses any token with one character replaced, anywhere but the last character of the signature', () => {
    const claims = fc.record({
      w: fc.string({ minLength: 1, maxLength: 40 }),
      r: fc.string({ minLength: 1, maxLength: 40 }),
      m: fc.string({ minLength: 1, maxLength: 20 }),
      n: fc.string({ minLength: 8, maxLength: 20 }),
      e: fc.integer({ min: Math.floor(NOW / 1000), max: 2 ** 40 }),
    });
    fc.assert(
      fc.property(claims, fc.nat(), fc.constantFrom(...B64URL, '.'), (c, at, ch) => {
        const token = signLink(SECRET, c);
        const i = at % (token.length - 1);
        fc.pre(token[i] !== ch);
        const flipped = token.slice(0, i) + ch + token.slice(i + 1);
        expect(verifyLink(SECRET, flipped, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  // A 32-byte HMAC is 43 base64url characters whose last carries 2 unused bits: only the
  // canonical spelling may verify.
  it('refuses the token with any single character replaced by any other, at every position', () => {
    const accepted: string[] = [];
    for (let i = 0; i < TOKEN.length; i++) {
      for (const ch of [...B64URL, '.']) {
        if (ch === TOKEN[i]) continue;
        const flipped = TOKEN.slice(0, i) + ch + TOKEN.slice(i + 1);
        const check = verifyLink(SECRET, flipped, NOW);
        if (check.ok) accepted.push(flipped);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses a token whose last signature character is changed only in its unused low bits', () => {
    const last = B64URL.indexOf(SIG.at(-1)!);
    const sibling = B64URL[last ^ 1]!; // same top four bits, different unused bit
    const altered = TOKEN.slice(0, -1) + sibling;
    expect(verifyLink(SECRET, altered, NOW).ok).toBe(false);
  });
});

/** A token over an arbitrary payload string, MAC'd with SECRET by the construction documented in links.ts. */
function signLinkRaw(payload: string): string {
  return `v1.${payload}.${createHmac('sha256', SECRET).update(`grantflow-link-v1.${payload}`).digest('base64url')}`;
}

describe('formToken and checkFormToken', () => {
  it('accepts the form token made for the same link', () => {
    expect(checkFormToken(SECRET, TOKEN, formToken(SECRET, TOKEN))).toBe(true);
  });

  it('is the same for the same link every time', () => {
    expect(formToken(SECRET, TOKEN)).toBe(formToken(SECRET, TOKEN));
  });

  it('refuses a form token made for another link', () => {
    const other = signLink(SECRET, { ...CLAIMS, m: 'lifo-3' });
    expect(checkFormToken(SECRET, TOKEN, formToken(SECRET, other))).toBe(false);
  });

  it('refuses a form token made with another secret', () => {
    expect(checkFormToken(SECRET, TOKEN, formToken(OTHER_SECRET, TOKEN))).toBe(false);
  });

  it('refuses a truncated form token', () => {
    expect(checkFormToken(SECRET, TOKEN, formToken(SECRET, TOKEN).slice(0, -1))).toBe(false);
  });

  it('differs from the link signature, so a link token cannot stand in for it', () => {
    expect(checkFormToken(SECRET, TOKEN, SIG)).toBe(false);
  });

  it.each([undefined, null, 42, ['x'], {}])('refuses a form value that is not a string (%p)', (given) => {
    expect(checkFormToken(SECRET, TOKEN, given)).toBe(false);
  });
});
