import { can, type Role } from './roles';

/** Scope of an integrator's API key: which event types it may receive and which regions it may see. */
export interface ApiKeyScope {
  readonly eventTypes: readonly string[];
  readonly regions: readonly string[];
}

/**
 * The authenticated caller, built only from a verified token or a stored API key (never from the request
 * body or query). `sub` is the actor id that domain commands receive, so four-eyes rules compare
 * authenticated people rather than names typed into a form.
 */
export interface Principal {
  /** Stable subject id; for API keys `integrator:<integratorId>`. */
  readonly sub: string;
  readonly role: Role;
  /**
   * GB/T 2260 code the caller is limited to: city (4 digits), county (6) or township (9). Absent only for an
   * admin, meaning every region; any other role without a region is refused at authentication.
   */
  readonly region?: string;
  /** Display name from the token, if any. Personal data: never log it. */
  readonly name?: string;
  /** How the caller proved who it is. */
  readonly via: 'jwt' | 'api-key';
  /** Present for API-key principals. */
  readonly apiKey?: { readonly id: string; readonly scope: ApiKeyScope };
}

/** The id a domain command records as its actor (`metadata.actor`). */
export const actorId = (principal: Principal): string => principal.sub;

/** An express request after the auth guard has run. */
export interface AuthenticatedRequest {
  principal?: Principal;
  correlationId?: string;
}

/**
 * Whether a caller may receive events of `eventType`. An API key lists its types exactly (or `*`); a token
 * principal needs the `events:subscribe` permission and is otherwise limited by its region only.
 */
export function eventTypeAllowed(principal: Principal, eventType: string): boolean {
  if (!principal.apiKey) return can(principal.role, 'events:subscribe');
  const types = principal.apiKey.scope.eventTypes;
  return types.includes('*') || types.includes(eventType);
}
