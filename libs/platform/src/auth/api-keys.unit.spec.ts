import { createHash } from 'node:crypto';
import {
  apiKeyStatus,
  displayPrefix,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  principalForApiKey,
  scopeProblems,
  type ApiKeyRecord,
} from './api-keys';
import { eventTypeAllowed, type Principal } from './principal';
import { maskUnlessAllowed, unmaskAllowed, unmaskDecision } from './unmask';

const record = (over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: 'k1',
  integratorId: 'insurer-core',
  label: 'payments',
  prefix: 'fpik_abcdef',
  scope: { eventTypes: ['ClaimSettled'], regions: ['3301'] },
  createdAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: null,
  revokedAt: null,
  replacedBy: null,
  ...over,
});

describe('API key material', () => {
  it('carries 256 random bits behind a recognisable prefix', () => {
    const keys = Array.from({ length: 500 }, generateApiKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) {
      expect(isWellFormedApiKey(k)).toBe(true);
      expect(Buffer.from(k.slice(5), 'base64url')).toHaveLength(32);
    }
  });

  it('stores SHA-256 of the key and shows only a short prefix', () => {
    const k = generateApiKey();
    expect(hashApiKey(k)).toBe(createHash('sha256').update(k).digest('hex'));
    expect(displayPrefix(k)).toHaveLength(11);
    expect(k.startsWith(displayPrefix(k))).toBe(true);
  });

  it('rejects malformed keys before any lookup', () => {
    for (const bad of ['', 'fpik_', 'fpik_short', `xxxx_${'a'.repeat(43)}`, `fpik_${'a'.repeat(42)}!`]) expect(isWellFormedApiKey(bad)).toBe(false);
  });

  it('knows when a key is active, revoked or past its overlap', () => {
    const now = new Date('2026-02-01T00:00:00Z');
    expect(apiKeyStatus(record(), now)).toBe('active');
    expect(apiKeyStatus(record({ revokedAt: new Date('2026-01-15T00:00:00Z') }), now)).toBe('revoked');
    expect(apiKeyStatus(record({ expiresAt: now }), now)).toBe('expired');
    expect(apiKeyStatus(record({ expiresAt: new Date(now.getTime() + 1) }), now)).toBe('active');
  });

  it('requires a scope that names event types and regions', () => {
    expect(scopeProblems({ eventTypes: ['ClaimSettled', '*'], regions: ['3301', '330102'] })).toEqual([]);
    expect(scopeProblems({ eventTypes: [], regions: [] })).toHaveLength(2);
    expect(scopeProblems({ eventTypes: ['drop table'], regions: ['33010'] })).toHaveLength(2);
  });

  it('acts as an integrator limited to its key scope', () => {
    const p = principalForApiKey(record());
    expect(p).toMatchObject({ sub: 'integrator:insurer-core', role: 'integrator', via: 'api-key' });
    expect(p.region).toBeUndefined();
    expect(eventTypeAllowed(p, 'ClaimSettled')).toBe(true);
    expect(eventTypeAllowed(p, 'ClaimReported')).toBe(false);
    expect(eventTypeAllowed(principalForApiKey(record({ scope: { eventTypes: ['*'], regions: ['3301'] } })), 'Anything')).toBe(true);
  });
});

describe('unmasking personal data', () => {
  const handler: Principal = { sub: 'alice', role: 'handler', region: '330102', via: 'jwt' };
  const integrator: Principal = { sub: 'integrator:x', role: 'integrator', region: '3301', via: 'jwt' };
  const association: Principal = { sub: 'carol', role: 'association', region: '3301', via: 'jwt' };

  it('needs the permission and a reason', () => {
    expect(unmaskAllowed(handler, '回访核实')).toBe(true);
    expect(unmaskAllowed(handler, 'callback to confirm bank account')).toBe(true);
    expect(unmaskDecision(handler, undefined)).toEqual({ allowed: false, why: 'no-reason' });
    expect(unmaskDecision(handler, '   ')).toEqual({ allowed: false, why: 'no-reason' });
    expect(unmaskDecision(handler, '...')).toEqual({ allowed: false, why: 'bad-reason' });
    expect(unmaskDecision(handler, 'x'.repeat(501))).toEqual({ allowed: false, why: 'bad-reason' });
    expect(unmaskDecision(integrator, 'payment')).toEqual({ allowed: false, why: 'no-permission' });
    expect(unmaskDecision(association, 'report')).toEqual({ allowed: false, why: 'no-permission' });
    expect(unmaskDecision(undefined, 'reason')).toEqual({ allowed: false, why: 'no-principal' });
  });

  it('masks ID numbers, names, phones and accounts unless allowed', () => {
    const member = { name: '张三丰', idNumber: '11010519491231002X', phone: '13812345678', bankAccount: '6222021234567890123' };
    expect(maskUnlessAllowed(member, handler, 'verify payee')).toEqual(member);
    expect(maskUnlessAllowed(member, integrator, 'verify payee')).toEqual({
      name: '张**',
      idNumber: '1101**********002X',
      phone: '138****5678',
      bankAccount: '***************0123',
    });
  });
});
