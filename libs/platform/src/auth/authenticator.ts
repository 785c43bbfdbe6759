import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../errors/http-error.filter';
import { API_KEY_STORE, principalForApiKey, type ApiKeyStore } from './api-keys';
import { JwtVerifier, unauthorized } from './jwt-verifier';
import type { Principal } from './principal';

/** The credential headers of one request (lower-case names, as Node gives them). */
export interface Credentials {
  authorization?: string;
  apiKey?: string;
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Resolves a request's credentials to a Principal: a bearer token (people) or an `x-api-key` (integrator
 * systems), never both, so a request cannot borrow a region from one credential and a role from the other.
 */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger('Authenticator');

  constructor(
    private readonly verifier: JwtVerifier,
    @Inject(API_KEY_STORE) private readonly apiKeys: ApiKeyStore,
  ) {}

  async authenticate(credentials: Credentials): Promise<Principal> {
    const { authorization, apiKey } = credentials;
    if (authorization && apiKey) {
      throw unauthorized('AUTH.AMBIGUOUS_CREDENTIALS', 'Send either a bearer token or an API key, not both.', 'invalid_request');
    }
    if (authorization) {
      const match = BEARER.exec(authorization.trim());
      if (!match) throw unauthorized('AUTH.TOKEN_INVALID', 'The Authorization header must be "Bearer <token>".', 'invalid_request');
      return this.verifier.verify(match[1]);
    }
    if (apiKey) {
      const check = await this.apiKeys.authenticate(apiKey.trim());
      if (check.ok) return principalForApiKey(check.record);
      // The caller learns only that the key does not work; the reason goes to the log for support.
      this.logger.warn({ msg: 'API key refused', reason: check.reason });
      throw new ApiError('unauthorized', 'AUTH.API_KEY_INVALID', 'The API key is not valid.');
    }
    throw new ApiError('unauthorized', 'AUTH.UNAUTHENTICATED', 'This route needs a bearer token or an API key.', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}
