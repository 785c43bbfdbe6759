import { readCsv } from './csv';
import { EnrollmentError } from './errors';
import { applyGiftedBatchFacts, groupGiftedHouseholds, parseGiftedCsv } from './gifted-batch';
import type { Product } from './product';
import { syntheticResidentId } from './resident-id';

const TODAY = '2025-02-10';
const HEADER = 'household_ref,family_planning_status,county_code,township_code,village_code,relationship,name,id_number,phone,referrer_id';
const REGION = '449901,449901001,449901001001';
const head = syntheticResidentId('1970-05-01', 11);
const spouse = syntheticResidentId('1972-06-02', 22);
const child = syntheticResidentId('2010-07-03', 33);

const product: Product = {
  programmeYear: 2025,
  code: 'GIFT-60',
  name: 'gift',
  premiumFen: 6000n,
  payerShares: [{ payer: 'COUNTY', amountFen: 6000n }],
  benefits: { deathDisabilitySumInsuredFen: 10_000_000n, medicalLimitFen: 500_000n, medicalDeductibleFen: 0n, medicalReimbursementBp: 9000, hospitalAllowancePerDayFen: 5000n, hospitalAllowanceMaxDays: 30 },
  coverStart: { rule: 'AFTER_ENROLMENT', days: 1 },
  issuanceDeadlineDays: 3,
  deliveryDeadlineDays: 15,
  minMembers: 2,
  maxMembers: 5,
  minAge: 1,
  maxAge: 65,
};
const rules = { product, coverStartsOn: '2025-02-11', today: TODAY, maxRows: 100 };
const judge = (csv: string) => groupGiftedHouseholds(parseGiftedCsv(csv, rules), rules);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as EnrollmentError).code;
  }
};

describe('CSV reading (RFC 4180)', () => {
  it('reads quotes, escaped quotes, embedded commas and newlines, CRLF and a BOM; skips blank lines', () => {
    const records = readCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n');
    expect(records).toEqual([
      { line: 1, values: ['a', 'b'] },
      { line: 2, values: ['x, y', 'say "hi"'] },
      { line: 4, values: ['multi\nline', 'z'] },
    ]);
  });

  it('marks a record with a stray quote without giving up on the file', () => {
    const records = readCsv('a,b\nx"y,z\nok,1');
    expect(records[1].malformed).toContain('stray quote');
    expect(records[2]).toEqual({ line: 3, values: ['ok', '1'] });
  });

  it('keeps escaped quotes in the middle of a quoted field and marks text after a closing quote', () => {
    const records = readCsv('a,b\n"x""y""z",1\n"ok"tail,2\n');
    expect(records[1]).toEqual({ line: 2, values: ['x"y"z', '1'] });
    expect(records[2].values).toEqual(['oktail', '2']);
    expect(records[2].malformed).toContain('after a closing quote');
  });

  it('fails the file on an unterminated quote', () => {
    expect(codeOf(() => readCsv('a,b\n"open,1\n2,3'))).toBe('ENROLLMENT.CSV_MALFORMED');
  });
});

describe('gifted batch rows', () => {
  it('accepts a sound household and puts the head first', () => {
    const out = judge([HEADER, `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse},,`, `H1,LOW_INCOME,${REGION},HEAD,王某,${head},13800000000,`, `H1,LOW_INCOME,${REGION},CHILD,王小某,${child},,`].join('\n'));
    expect(out.rejections).toEqual([]);
    expect(out.households).toHaveLength(1);
    expect(out.households[0].members.map((m) => m.relationship)).toEqual(['HEAD', 'SPOUSE', 'CHILD']);
    expect(out.households[0].agesAtCoverStart).toEqual([54, 52, 14]);
  });

  it('rejects a row with a malformed column and, with it, the rest of its household, but keeps other households', () => {
    const other1 = syntheticResidentId('1980-01-01', 41);
    const other2 = syntheticResidentId('1981-01-01', 42);
    const out = judge([
      HEADER,
      `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`,
      `H1,LOW_INCOME,44990,449901001,449901001001,SPOUSE,李某,${spouse},,`,
      `H2,SPECIAL_FAMILY,${REGION},HEAD,赵某,${other1},,`,
      `H2,SPECIAL_FAMILY,${REGION},SPOUSE,钱某,${other2},,`,
    ].join('\n'));
    expect(out.households.map((h) => h.householdRef)).toEqual(['H2']);
    expect(out.rejections).toEqual([
      { row: 1, line: 2, householdRef: 'H1', code: 'ENROLLMENT.HOUSEHOLD_ROW_REJECTED', message: expect.stringContaining('row 2') },
      { row: 2, line: 3, householdRef: 'H1', code: 'ENROLLMENT.CSV_MALFORMED_COLUMN', message: 'county_code must be 6 digits', column: 'county_code' },
    ]);
  });

  it.each([
    ['a wrong check character', `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse.slice(0, 17)}${spouse[17] === '0' ? '1' : '0'},,`, 'ENROLLMENT.INVALID_ID_NUMBER'],
    ['an unknown status', `H1,RICH,${REGION},SPOUSE,李某,${spouse},,`, 'ENROLLMENT.CSV_MALFORMED_COLUMN'],
    ['an unknown relationship', `H1,LOW_INCOME,${REGION},COUSIN,李某,${spouse},,`, 'ENROLLMENT.CSV_MALFORMED_COLUMN'],
    ['a missing column', `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse},`, 'ENROLLMENT.CSV_WRONG_COLUMN_COUNT'],
    ['a village outside its township', `H1,LOW_INCOME,449901,449901001,449901002001,SPOUSE,李某,${spouse},,`, 'ENROLLMENT.INVALID_REGION'],
    ['a bad referrer id', `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse},,not-a-uuid`, 'ENROLLMENT.CSV_MALFORMED_COLUMN'],
  ])('rejects a row with %s', (_, row, code) => {
    const out = judge([HEADER, `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`, row].join('\n'));
    expect(out.households).toEqual([]);
    expect(out.rejections.find((r) => r.row === 2)?.code).toBe(code);
  });

  it('applies the household rules: one head, vulnerable status, member count, ages, each person once in the batch', () => {
    expect(judge([HEADER, `H1,LOW_INCOME,${REGION},SPOUSE,王某,${head},,`, `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse},,`].join('\n')).rejections[0].code).toBe('ENROLLMENT.HOUSEHOLD_WITHOUT_HEAD');
    expect(judge([HEADER, `H1,ONE_CHILD,${REGION},HEAD,王某,${head},,`, `H1,ONE_CHILD,${REGION},SPOUSE,李某,${spouse},,`].join('\n')).rejections[0].code).toBe('ENROLLMENT.NOT_ELIGIBLE_FOR_GIFT');
    expect(judge([HEADER, `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`].join('\n')).rejections[0].code).toBe('ENROLLMENT.MEMBER_COUNT_OUT_OF_RANGE');
    const old = syntheticResidentId('1950-01-01', 51);
    expect(judge([HEADER, `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`, `H1,LOW_INCOME,${REGION},PARENT,老某,${old},,`].join('\n')).rejections[0].code).toBe('ENROLLMENT.AGE_OUT_OF_RANGE');
    const twice = judge([HEADER, `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`, `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse},,`, `H2,LOW_INCOME,${REGION},HEAD,李某,${spouse},,`, `H2,LOW_INCOME,${REGION},CHILD,王小某,${child},,`].join('\n'));
    expect(twice.households.map((h) => h.householdRef)).toEqual(['H1']);
    expect(twice.rejections.map((r) => r.code)).toEqual(['ENROLLMENT.DUPLICATE_PERSON_IN_BATCH', 'ENROLLMENT.DUPLICATE_PERSON_IN_BATCH']);
    const inconsistent = judge([HEADER, `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`, `H1,SPECIAL_FAMILY,${REGION},SPOUSE,李某,${spouse},,`].join('\n'));
    expect(inconsistent.rejections.map((r) => r.code)).toEqual(['ENROLLMENT.HOUSEHOLD_ROW_REJECTED', 'ENROLLMENT.CSV_INCONSISTENT_HOUSEHOLD']);
  });

  it('fails the whole file on a bad header or too many rows', () => {
    expect(codeOf(() => parseGiftedCsv('household_ref,name\nH1,x', rules))).toBe('ENROLLMENT.CSV_MALFORMED');
    expect(codeOf(() => parseGiftedCsv(`${HEADER},extra\n`, rules))).toBe('ENROLLMENT.CSV_MALFORMED');
    expect(codeOf(() => parseGiftedCsv('', rules))).toBe('ENROLLMENT.CSV_MALFORMED');
    const many = [HEADER, ...Array.from({ length: 101 }, () => `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,`)].join('\n');
    expect(codeOf(() => parseGiftedCsv(many, rules))).toBe('ENROLLMENT.CSV_TOO_MANY_ROWS');
  });

  it('accepts a header without the optional columns', () => {
    const out = judge(['household_ref,family_planning_status,county_code,township_code,village_code,relationship,name,id_number', `H1,LOW_INCOME,${REGION},HEAD,王某,${head}`, `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse}`].join('\n'));
    expect(out.households).toHaveLength(1);
  });
});

describe('gifted batch rules that need the database', () => {
  const referrerId = '0b6f3a52-5f3e-4c1e-9a55-2f9d7b0c1a11';
  const otherHead = syntheticResidentId('1966-02-02', 61);
  const otherSpouse = syntheticResidentId('1967-03-03', 62);
  const thirdHead = syntheticResidentId('1964-04-04', 63);
  const thirdSpouse = syntheticResidentId('1965-05-05', 64);
  const households = judge([
    HEADER,
    `H1,LOW_INCOME,${REGION},HEAD,王某,${head},,${referrerId}`,
    `H1,LOW_INCOME,${REGION},SPOUSE,李某,${spouse},,`,
    `H2,SPECIAL_FAMILY,${REGION},HEAD,赵某,${otherHead},,`,
    `H2,SPECIAL_FAMILY,${REGION},SPOUSE,钱某,${otherSpouse},,`,
    `H3,SPECIAL_SUPPORT,${REGION},HEAD,孙某,${thirdHead},,`,
    `H3,SPECIAL_SUPPORT,${REGION},SPOUSE,周某,${thirdSpouse},,`,
  ].join('\n')).households;
  const none = { registeredHeads: new Set<string>(), insured: new Set<string>(), referrers: new Map([[referrerId, { referrerId, villageCodes: ['449901001001'] }]]) };
  const codes = (out: ReturnType<typeof applyGiftedBatchFacts>) => out.rejections.map((r) => [r.row, r.code]);

  it('accepts households whose head is new, whose people are not insured, with the referrer they name', () => {
    const out = applyGiftedBatchFacts(households, none, 2025);
    expect(out.rejections).toEqual([]);
    expect(out.accepted.map((a) => [a.household.householdRef, a.referrer?.referrerId ?? null])).toEqual([['H1', referrerId], ['H2', null], ['H3', null]]);
  });

  it('rejects every row of a household whose head is registered or one of whose people is insured this year, and keeps the others', () => {
    const out = applyGiftedBatchFacts(households, { ...none, registeredHeads: new Set([otherHead, spouse]), insured: new Set([thirdSpouse]) }, 2025);
    expect(out.accepted.map((a) => a.household.householdRef)).toEqual(['H1']);
    expect(codes(out)).toEqual([
      [3, 'ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED'],
      [4, 'ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED'],
      [5, 'ENROLLMENT.PERSON_ALREADY_INSURED'],
      [6, 'ENROLLMENT.PERSON_ALREADY_INSURED'],
    ]);
    expect(out.rejections[2].message).toBe('row 6 names a person already insured in 2025');
  });

  it('rejects a household naming an unknown referrer, or one who does not serve its village', () => {
    expect(codes(applyGiftedBatchFacts(households, { ...none, referrers: new Map() }, 2025))).toEqual([
      [1, 'ENROLLMENT.REFERRER_NOT_FOUND'],
      [2, 'ENROLLMENT.REFERRER_NOT_FOUND'],
    ]);
    expect(codes(applyGiftedBatchFacts(households, { ...none, referrers: new Map([[referrerId, { referrerId, villageCodes: ['449901001002'] }]]) }, 2025))).toEqual([
      [1, 'ENROLLMENT.REFERRER_NOT_FOR_VILLAGE'],
      [2, 'ENROLLMENT.REFERRER_NOT_FOR_VILLAGE'],
    ]);
  });
});
