import { can, isUnsafeMethod, PERMISSIONS, POLICY, roleMayCall, ROLES, rolesWith, type Permission, type Role } from './roles';

describe('policy table', () => {
  // The table is security-relevant: changing it must change this test too, in the same review.
  const expected: Record<Role, Permission[]> = {
    handler: ['claims:read', 'claims:command', 'queue:work', 'timeline:read', 'households:read', 'personal-data:unmask'],
    supervisor: ['claims:read', 'claims:command', 'claims:approve', 'queue:work', 'timeline:read', 'households:read', 'reports:read', 'exports:create', 'audit:read', 'personal-data:unmask'],
    integrator: ['events:subscribe', 'claims:read'],
    association: ['reports:read', 'households:read'],
    clerk: ['households:read', 'households:write'],
    admin: [...PERMISSIONS],
  };

  it.each(ROLES)('grants %s exactly the reviewed permissions', (role) => {
    expect([...POLICY[role].permissions].sort()).toEqual([...expected[role]].sort());
  });

  it('lists only known permissions', () => {
    for (const role of ROLES) for (const p of POLICY[role].permissions) expect(PERMISSIONS).toContain(p);
  });

  it('makes association staff, and only them, read-only', () => {
    expect(ROLES.filter((r) => POLICY[r].readOnly)).toEqual(['association']);
  });

  it('keeps key management and audit verification with admins', () => {
    expect(rolesWith('api-keys:manage')).toEqual(['admin']);
    expect(rolesWith('audit:verify')).toEqual(['admin']);
  });

  it('lets only people who work claims unmask personal data', () => {
    expect(rolesWith('personal-data:unmask')).toEqual(['handler', 'supervisor', 'admin']);
    expect(can('integrator', 'personal-data:unmask')).toBe(false);
    expect(can('association', 'personal-data:unmask')).toBe(false);
  });

  it('gives the second approval only to supervisors and admins (four eyes)', () => {
    expect(rolesWith('claims:approve')).toEqual(['supervisor', 'admin']);
  });

  describe('roleMayCall', () => {
    const table: [Role, Role[], string, boolean][] = [
      ['handler', ['handler', 'supervisor'], 'POST', true],
      ['integrator', ['handler', 'supervisor'], 'GET', false],
      ['association', ['association'], 'GET', true],
      ['association', ['association'], 'HEAD', true],
      // Even a mistaken declaration cannot let a read-only role change state.
      ['association', ['association'], 'POST', false],
      ['association', ['association'], 'DELETE', false],
      ['admin', ['supervisor'], 'GET', false],
    ];
    it.each(table)('%s on a route for %j with %s -> %s', (role, declared, method, allowed) => {
      expect(roleMayCall(role, declared, method)).toBe(allowed);
    });
  });

  it('classifies methods per RFC 9110', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isUnsafeMethod)).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isUnsafeMethod)).toEqual([true, true, true, true]);
  });
});
