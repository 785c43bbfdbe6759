import type { CalendarDate, HouseholdStatus, Region, Relationship } from '@fpi/enrollment-domain';

/** A person as the service keeps them. The raw ID number is written once to its own column and never read back here. */
export interface MemberRecord {
  memberId: string;
  position: number;
  relationship: Relationship;
  name: string;
  idNumberMasked: string;
  idNumberHash: string;
  birthDate: CalendarDate;
  sex: 'MALE' | 'FEMALE';
  addedAt: Date;
  addedBy: string;
}

export interface HouseholdRecord {
  householdId: string;
  revision: number;
  familyPlanningStatus: HouseholdStatus;
  region: Region;
  address: string | null;
  phone: string | null;
  /** Head first, then in the order they were listed. */
  members: MemberRecord[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** A member about to be stored, with the raw ID number that goes only into `household_members.id_number`. */
export interface NewMember {
  record: MemberRecord;
  rawIdNumber: string;
}
