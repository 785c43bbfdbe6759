/**
 * Who may do what, as one table in code: reviewers read it in one place, and a unit test pins it. Routes
 * declare roles (`@Roles`) or a permission (`@RequirePermission`), which resolves through this table.
 */

/** The people and systems that call the platform (docs/reference/domain.md, "Who runs it"). */
export const ROLES = ['handler', 'supervisor', 'integrator', 'association', 'clerk', 'admin'] as const;
/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** Everything a role can be granted; routes refer to these through `@RequirePermission`. */
export const PERMISSIONS = [
  'claims:read',
  'claims:command',
  'claims:approve',
  'queue:work',
  'timeline:read',
  'households:read',
  'households:write',
  'reports:read',
  'exports:create',
  'events:subscribe',
  'personal-data:unmask',
  'api-keys:manage',
  'audit:read',
  'audit:verify',
] as const;
/** One of PERMISSIONS. */
export type Permission = (typeof PERMISSIONS)[number];

/** One row of the policy table. */
export interface RolePolicy {
  readonly description: string;
  /**
   * A read-only role is refused any unsafe HTTP method by the guard, even if a route lists it by
   * mistake: the association's staff read figures and must never change a claim.
   */
  readonly readOnly: boolean;
  readonly permissions: readonly Permission[];
}

/** The policy table. Adding a permission to a role is a reviewed change to this constant. */
export const POLICY: Readonly<Record<Role, RolePolicy>> = {
  handler: {
    description: 'claim handler working the fast-track queue',
    readOnly: false,
    permissions: ['claims:read', 'claims:command', 'queue:work', 'timeline:read', 'households:read', 'personal-data:unmask'],
  },
  supervisor: {
    description: 'audits claim timelines and gives the second approval (four eyes)',
    readOnly: false,
    permissions: [
      'claims:read', 'claims:command', 'claims:approve', 'queue:work', 'timeline:read', 'households:read',
      'reports:read', 'exports:create', 'audit:read', 'personal-data:unmask',
    ],
  },
  integrator: {
    description: "insurer's payment/core systems and the association platform (API keys)",
    readOnly: false,
    permissions: ['events:subscribe', 'claims:read'],
  },
  association: {
    description: 'family-planning association staff: programme figures, read only',
    readOnly: true,
    permissions: ['reports:read', 'households:read'],
  },
  clerk: {
    description: 'enrolment staff: counter clerks and referrers (推荐人) who enrol households, record payments, issue and deliver policies in their region',
    readOnly: false,
    permissions: ['households:read', 'households:write'],
  },
  admin: {
    description: 'platform administrator: keys, audit verification, every region',
    readOnly: false,
    permissions: [...PERMISSIONS],
  },
};

/** Narrows an untrusted claim value to a Role. */
export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** True when the policy table grants `permission` to `role`. */
export const can = (role: Role, permission: Permission): boolean => POLICY[role].permissions.includes(permission);

/** The roles that hold `permission`, for `@Roles(...rolesWith('claims:read'))`. */
export const rolesWith = (permission: Permission): Role[] => ROLES.filter((r) => can(r, permission));

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Methods that change state (RFC 9110 §9.2.1): the ones a read-only role may never use. */
export const isUnsafeMethod = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/**
 * Whether `role` may call a route that declares `declared`, with `method`. Shared by the guard and the
 * route inventory, so the test and production agree by construction.
 */
export function roleMayCall(role: Role, declared: readonly Role[], method: string): boolean {
  if (!declared.includes(role)) return false;
  return !(POLICY[role].readOnly && isUnsafeMethod(method));
}
