import { syntheticResidentId } from '@fpi/enrollment-domain';

/** Region codes with prefecture 99, which GB/T 2260 does not assign: no real place, no real person. */
export const COUNTY = '449901';
export const TOWNSHIP = '449901001';
export const VILLAGE = '449901001001';
export const OTHER_VILLAGE = '449901001002';
export const region = (villageCode = VILLAGE) => ({ countyCode: villageCode.slice(0, 6), townshipCode: villageCode.slice(0, 9), villageCode });

let issued = 0;
/** A fresh synthetic person born on `birthDate`, unique within the test process. */
export function person(birthDate: string): string {
  issued += 1;
  return syntheticResidentId(birthDate, (issued % 998) + 1, `4499${String(10 + Math.floor(issued / 998)).padStart(2, '0')}`);
}

export const programmeYear2025 = { year: 2025, startsOn: '2025-01-01', endsOn: '2025-12-31' };
export const programmeYear2026 = { year: 2026, startsOn: '2026-01-01', endsOn: '2026-12-31' };

export const benefits = {
  deathDisabilitySumInsuredFen: 10_000_000,
  medicalLimitFen: '500000',
  medicalDeductibleFen: 10_000,
  medicalReimbursementBp: 8000,
  hospitalAllowancePerDayFen: 5000,
  hospitalAllowanceMaxDays: 30,
};

/** 60 yuan: county 30, household 30 (fen as numbers and as strings, both accepted). */
export const standardProduct = (code = 'STD-60') => ({
  code,
  name: '计生家庭意外伤害保险 60 元档',
  premiumFen: 6000,
  payerShares: [
    { payer: 'COUNTY', amountFen: '3000' },
    { payer: 'HOUSEHOLD', amountFen: 3000 },
  ],
  benefits,
  coverStart: { rule: 'AFTER_ENROLMENT', days: 1 },
});

export const giftProduct = (code = 'GIFT-60') => ({
  code,
  name: '政府赠保 60 元档',
  premiumFen: 6000,
  payerShares: [
    { payer: 'PROVINCE', amountFen: 3000 },
    { payer: 'COUNTY', amountFen: 3000 },
  ],
  benefits,
  coverStart: { rule: 'AFTER_ENROLMENT', days: 1 },
});

export const household = (members: { name: string; idNumber: string; relationship: string }[], villageCode = VILLAGE, familyPlanningStatus = 'ONE_CHILD') => ({
  familyPlanningStatus,
  region: region(villageCode),
  address: '某村 3 组',
  phone: '13800000000',
  members,
});

/** A three-person household of insurable ages in 2025. */
export const family = () => [
  { name: '王某', idNumber: person('1975-03-04'), relationship: 'HEAD' },
  { name: '李某', idNumber: person('1977-06-05'), relationship: 'SPOUSE' },
  { name: '王小某', idNumber: person('2012-01-01'), relationship: 'CHILD' },
];

export const GIFTED_HEADER = 'household_ref,family_planning_status,county_code,township_code,village_code,relationship,name,id_number,phone,referrer_id';
