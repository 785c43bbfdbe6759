import { ageOn } from './age';
import { chinaDateOf, addDays, isCalendarDate } from './calendar';
import { EnrollmentError } from './errors';
import { parseFen } from './fen';
import { isVulnerableStatus, requireSingleHead, validateHouseholdMembers } from './household';
import { validateRegion } from './region';
import { syntheticResidentId } from './resident-id';
import { checkAttribution } from './channel';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as EnrollmentError).code;
  }
};

describe('households', () => {
  const head = syntheticResidentId('1970-05-01', 11);
  const spouse = syntheticResidentId('1972-06-02', 22);

  it('validates members, one head, each person once', () => {
    const ok = validateHouseholdMembers([{ name: ' 王某 ', idNumber: head, relationship: 'HEAD' }, { name: '李某', idNumber: spouse, relationship: 'SPOUSE' }], '2025-01-01');
    expect(ok.map((m) => [m.name, m.residentId.sex])).toEqual([['王某', 'MALE'], ['李某', 'FEMALE']]);
    expect(codeOf(() => validateHouseholdMembers([{ name: 'a', idNumber: head, relationship: 'HEAD' }, { name: 'b', idNumber: head.toLowerCase(), relationship: 'SPOUSE' }], '2025-01-01'))).toBe('ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD');
    expect(codeOf(() => validateHouseholdMembers([{ name: 'a', idNumber: spouse, relationship: 'SPOUSE' }], '2025-01-01', 'members', [spouse]))).toBe('ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD');
    expect(codeOf(() => validateHouseholdMembers([{ name: ' ', idNumber: head, relationship: 'HEAD' }], '2025-01-01'))).toBe('ENROLLMENT.INVALID_NAME');
    expect(codeOf(() => requireSingleHead(['SPOUSE', 'CHILD']))).toBe('ENROLLMENT.HOUSEHOLD_WITHOUT_HEAD');
    expect(codeOf(() => requireSingleHead(['HEAD', 'HEAD']))).toBe('ENROLLMENT.MULTIPLE_HEADS');
  });

  it('knows which statuses are vulnerable (特扶, 计生特殊家庭, 低保/脱贫)', () => {
    expect(['SPECIAL_SUPPORT', 'SPECIAL_FAMILY', 'LOW_INCOME'].every((s) => isVulnerableStatus(s as never))).toBe(true);
    expect(isVulnerableStatus('ONE_CHILD')).toBe(false);
  });
});

describe('regions', () => {
  it('need nested 6/9/12-digit codes', () => {
    expect(validateRegion({ countyCode: '449901', townshipCode: '449901001', villageCode: '449901001001' }).villageCode).toBe('449901001001');
    expect(codeOf(() => validateRegion({ countyCode: '449901', townshipCode: '449902001', villageCode: '449902001001' }))).toBe('ENROLLMENT.INVALID_REGION');
    expect(codeOf(() => validateRegion({ countyCode: '44990', townshipCode: '449901001', villageCode: '449901001001' }))).toBe('ENROLLMENT.INVALID_REGION');
  });
});

describe('attribution', () => {
  const referrer = { referrerId: 'r-1', villageCodes: ['449901001001'] };
  it('needs a referrer for the referrer channel, serving the household\'s village; gifts only for vulnerable households', () => {
    expect(codeOf(() => checkAttribution({ channel: 'REFERRER', householdStatus: 'ONE_CHILD', villageCode: '449901001001', referrer: null }))).toBe('ENROLLMENT.REFERRER_REQUIRED');
    expect(codeOf(() => checkAttribution({ channel: 'COUNTER', householdStatus: 'ONE_CHILD', villageCode: '449901001002', referrer }))).toBe('ENROLLMENT.REFERRER_NOT_FOR_VILLAGE');
    expect(codeOf(() => checkAttribution({ channel: 'GOVERNMENT_GIFTED', householdStatus: 'ONE_CHILD', villageCode: '449901001001', referrer: null }))).toBe('ENROLLMENT.NOT_ELIGIBLE_FOR_GIFT');
    expect(() => checkAttribution({ channel: 'REFERRER', householdStatus: 'ONE_CHILD', villageCode: '449901001001', referrer })).not.toThrow();
  });
});

describe('ages and dates', () => {
  it('counts completed years, with 29 February birthdays completing on 1 March', () => {
    expect(ageOn('2000-03-01', '2025-02-28')).toBe(24);
    expect(ageOn('2000-03-01', '2025-03-01')).toBe(25);
    expect(ageOn('2000-02-29', '2025-02-28')).toBe(24);
    expect(ageOn('2000-02-29', '2025-03-01')).toBe(25);
  });

  it('maps instants to China calendar dates (UTC+8)', () => {
    expect(chinaDateOf(new Date('2025-02-28T15:59:59Z'))).toBe('2025-02-28');
    expect(chinaDateOf(new Date('2025-02-28T16:00:00Z'))).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(isCalendarDate('2025-02-29')).toBe(false);
  });
});

describe('fen', () => {
  it('accepts integer numbers and digit strings, refuses floats, negatives, unsafe integers and zero', () => {
    expect(parseFen(6000, 'premiumFen')).toBe(6000n);
    expect(parseFen('6000', 'premiumFen')).toBe(6000n);
    expect(parseFen('0', 'x', { allowZero: true })).toBe(0n);
    for (const bad of [60.5, -1, '1e3', '-5', 2 ** 53, '', null, 0, '99999999999999']) expect(codeOf(() => parseFen(bad, 'premiumFen'))).toBe('ENROLLMENT.INVALID_AMOUNT');
  });
});
