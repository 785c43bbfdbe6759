import { Injectable, type PipeTransform } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '@fpi/platform';
import { claimNotFound } from './claim-view';
import type { CommandOutcome } from './idempotency.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Claim ids are UUIDs; a malformed one cannot name a claim, so it answers like any unknown claim. */
@Injectable()
export class ClaimIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw claimNotFound();
    return value.toLowerCase();
  }
}

/** Writes a command's status and headers, returning the body for Nest to serialise. */
export function reply(res: Response, outcome: CommandOutcome): unknown {
  res.status(outcome.status);
  for (const [k, v] of Object.entries(outcome.headers)) res.setHeader(k, v);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}

const PAYMENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A payment id in a path; one that cannot exist answers like an unknown payment. */
@Injectable()
export class PaymentIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PAYMENT_ID.test(value)) throw new ApiError('not_found', 'CLAIM.PAYMENT_NOT_FOUND', 'No such payment on this claim.');
    return value;
  }
}
