import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@fpi/platform';
import { CLAIM_NOT_FOUND } from '../queue.vocabulary';

// Claim ids are at most 64 characters (the decider's limit); anything else cannot name a claim.
const CLAIM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** A malformed claim id answers the same 404 as an unknown one, without explaining the format. */
@Injectable()
export class ClaimIdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !CLAIM_ID.test(value)) throw new ApiError('not_found', CLAIM_NOT_FOUND.code, CLAIM_NOT_FOUND.message);
    return value;
  }
}
