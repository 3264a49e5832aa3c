/**
 * The development users of the embedded OpenID provider, and the claims it gives them. The claims
 * follow the default mapping (docs/signin.md): `groups` → role, `org` → organisation.
 */
export interface DevUser {
  /** What the person types on the login page. */
  login: string;
  sub: string;
  name: string;
  email: string;
  groups: string[];
  org: string;
}

export const DEV_ORG = 'Region Jämtland Härjedalen';

/** Every development user signs in with this password (the provider listens on loopback only). */
export const DEV_PASSWORD = 'grantflow';

export const DEV_USERS: DevUser[] = [
  { login: 'elin', sub: 'dev-coordinator', name: 'Elin Ring', email: 'elin.ring@example.se', groups: ['grantflow-coordinators'], org: DEV_ORG },
  { login: 'chef', sub: 'dev-manager', name: 'Chef Psykisk Hälsa', email: 'chef.psykisk.halsa@example.se', groups: ['grantflow-managers'], org: DEV_ORG },
  { login: 'drift', sub: 'dev-admin', name: 'Drift', email: 'drift@example.se', groups: ['grantflow-admins'], org: DEV_ORG },
  { login: 'annan', sub: 'dev-other-coordinator', name: 'Annan Samordnare', email: 'annan@example.se', groups: ['grantflow-coordinators'], org: 'Region Västernorrland' },
];

/** The integration (client credentials) client's claims: it acts as a coordinator of the region. */
export const DEV_INTEGRATION = { clientId: 'grantflow-integration', name: 'Integration (ekonomisystem)', groups: ['grantflow-coordinators'], org: DEV_ORG };
