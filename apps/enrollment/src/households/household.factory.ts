import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { maskIdNumber } from '@fpi/contracts';
import type { ValidatedMember } from '@fpi/enrollment-domain';
import { IdNumberHasher } from '../shared/id-number-hasher';
import type { NewMember } from './household.record';

/** Turns validated people into member records: a new member id, the masked number and the keyed hash. */
@Injectable()
export class MemberFactory {
  constructor(@Inject(IdNumberHasher) private readonly hasher: IdNumberHasher) {}

  newMembers(members: readonly ValidatedMember[], firstPosition: number, at: Date, actor: string): NewMember[] {
    return members.map((m, i) => ({
      rawIdNumber: m.residentId.normalized,
      record: {
        memberId: randomUUID(),
        position: firstPosition + i,
        relationship: m.relationship,
        name: m.name,
        idNumberMasked: maskIdNumber(m.residentId.normalized),
        idNumberHash: this.hasher.hash(m.residentId.normalized),
        birthDate: m.residentId.birthDate,
        sex: m.residentId.sex,
        addedAt: at,
        addedBy: actor,
      },
    }));
  }

  hash(idNumber: string): string {
    return this.hasher.hash(idNumber);
  }
}
