/** From an OpenID provider's claims to a principal: the configured role map, nested claims, the organisation's fallback. */
import { claimAt, claimMapping, principalFromClaims } from '../../api/claims';
import { parseConfig } from '../../common/config';

const base = { LINK_SECRET: 'l'.repeat(32), REGISTER_DATABASE_URL: 'postgres://grantflow_app@localhost:5432/grantflow', OIDC_ISSUER: 'https://idp.example.se' };
const defaults = claimMapping(parseConfig(base));

test('the default map: groups give roles (unknown groups ignored), org names the organisation', () => {
  const r = principalFromClaims({ sub: 'u1', name: 'Elin Ring', email: 'elin@example.se', groups: ['staff', 'grantflow-managers', 'grantflow-coordinators'], org: 'Region Jämtland Härjedalen' }, defaults);
  expect(r).toEqual({ ok: true, principal: { sub: 'u1', name: 'Elin Ring', email: 'elin@example.se', roles: ['coordinator', 'manager'], org: 'Region Jämtland Härjedalen' } });
});

test('Keycloak realm roles by a dotted path, and Entra app roles with one organisation for everyone', () => {
  const keycloak = claimMapping(parseConfig({ ...base, OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_ROLE_MAP: 'samordnare=coordinator' }));
  expect(principalFromClaims({ sub: 'k', realm_access: { roles: ['samordnare'] }, org: 'Region X' }, keycloak)).toMatchObject({ ok: true, principal: { roles: ['coordinator'], org: 'Region X' } });
  const entra = claimMapping(parseConfig({ ...base, OIDC_ROLES_CLAIM: 'roles', OIDC_ROLE_MAP: 'Grantflow.Admin=admin', OIDC_ORG: 'Region Y' }));
  expect(principalFromClaims({ sub: 'e', roles: ['Grantflow.Admin'] }, entra)).toMatchObject({ ok: true, principal: { roles: ['admin'], org: 'Region Y', name: 'okänd' } });
  expect(claimAt({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
});

test('no mapped role, or no organisation: refused, saying which', () => {
  expect(principalFromClaims({ sub: 'u', groups: ['staff'], org: 'R' }, defaults)).toEqual({ ok: false, reason: 'no role: the groups claim holds none of grantflow-coordinators, grantflow-managers, grantflow-admins' });
  expect(principalFromClaims({ sub: 'u', groups: 'grantflow-managers' }, defaults)).toEqual({ ok: false, reason: 'no organisation: the org claim is missing' });
});
