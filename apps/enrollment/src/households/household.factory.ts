import { Inject, Injectable } from '@nestjs/common';
import { maskIdNumber } from '@fpi/contracts';
import type { ValidatedMember } from '@fpi/enrollment-domain';
import { IdNumberHasher } from '../shared/id-number-hasher';
import { newId } from '../shared/ids';
import type { NewMember } from './household.record';

/** Turns validated people into member records: a new (time-ordered) member id, the masked number and the keyed hash. */
@Injectable()
export class MemberFactory {
  constructor(@Inject(IdNumberHasher) private readonly hasher: IdNumberHasher) {}

  /** `hashes[i]`, when given, is `hash(members[i]'s number)` already computed by the caller (a batch hashes every person once). */
  newMembers(members: readonly ValidatedMember[], firstPosition: number, at: Date, actor: string, hashes?: readonly string[]): NewMember[] {
    return members.map((m, i) => ({
      rawIdNumber: m.residentId.normalized,
      record: {
        memberId: newId(),
        position: firstPosition + i,
        relationship: m.relationship,
        name: m.name,
        idNumberMasked: maskIdNumber(m.residentId.normalized),
        idNumberHash: hashes?.[i] ?? this.hasher.hash(m.residentId.normalized),
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
