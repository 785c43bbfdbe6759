import type { CalendarDate } from './calendar';
import { checkAttribution, type ReferrerCoverage } from './channel';
import { readCsv } from './csv';
import { checkInsurable } from './eligibility';
import { EnrollmentError } from './errors';
import { isHouseholdStatus, isRelationship, type HouseholdStatus, type Relationship } from './household';
import type { Product } from './product';
import type { Region } from './region';
import { checkResidentId, type ResidentId, type ResidentIdProblem } from './resident-id';

/**
 * Government-gifted households (政府赠保) arrive as a spreadsheet from the civil affairs or health office:
 * one row per person, grouped into households by `household_ref`. Rows are judged one by one and a
 * household is taken only when all its rows are sound, because insuring half a family would be wrong.
 */
export const GIFTED_CSV_COLUMNS = ['household_ref', 'family_planning_status', 'county_code', 'township_code', 'village_code', 'relationship', 'name', 'id_number', 'phone', 'referrer_id'] as const;
export type GiftedCsvColumn = (typeof GIFTED_CSV_COLUMNS)[number];
const OPTIONAL_COLUMNS: ReadonlySet<GiftedCsvColumn> = new Set(['phone', 'referrer_id']);

export interface GiftedRow {
  row: number;
  line: number;
  householdRef: string;
  householdStatus: HouseholdStatus;
  region: Region;
  relationship: Relationship;
  name: string;
  residentId: ResidentId;
  phone: string | null;
  referrerId: string | null;
}

export interface GiftedRowRejection {
  row: number;
  line: number;
  householdRef: string | null;
  code: `ENROLLMENT.${string}`;
  message: string;
  column?: GiftedCsvColumn;
}

export interface GiftedHousehold {
  householdRef: string;
  householdStatus: HouseholdStatus;
  region: Region;
  phone: string | null;
  referrerId: string | null;
  /** Head first, then the other members in file order. */
  members: GiftedRow[];
  agesAtCoverStart: number[];
}

export interface GiftedBatchRules {
  product: Product;
  coverStartsOn: CalendarDate;
  today: CalendarDate;
  maxRows: number;
}

const REF = /^[A-Za-z0-9_./-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^[0-9+\- ]{5,20}$/;

const idProblemText: Record<ResidentIdProblem, string> = {
  FORMAT: 'is not 17 digits followed by a digit or X',
  REGION_CODE: 'does not start with a valid region code',
  BIRTH_DATE: 'does not contain a real birth date',
  BIRTH_DATE_IN_FUTURE: 'contains a birth date in the future',
  SEQUENCE: 'has an invalid sequence number',
  CHECK_CHARACTER: 'has a wrong check character',
};

/** Reads the header and every row; file-level problems (no header, unknown or missing columns, too many rows) throw. */
export function parseGiftedCsv(text: string, rules: Pick<GiftedBatchRules, 'today' | 'maxRows'>): { rows: GiftedRow[]; rejections: GiftedRowRejection[] } {
  const records = readCsv(text);
  if (records.length === 0) throw new EnrollmentError('ENROLLMENT.CSV_MALFORMED', 'validation', 'the file is empty; the first line must be the header');
  const [header, ...data] = records;
  const names = header.values.map((v) => v.trim().toLowerCase());
  const unknown = names.filter((h) => !(GIFTED_CSV_COLUMNS as readonly string[]).includes(h));
  const missing = GIFTED_CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !names.includes(c));
  const repeated = names.filter((h, i) => names.indexOf(h) !== i);
  if (header.malformed || unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    throw new EnrollmentError('ENROLLMENT.CSV_MALFORMED', 'validation', `the header must name the columns ${GIFTED_CSV_COLUMNS.join(',')} (phone and referrer_id optional)`, {
      unknownColumns: unknown,
      missingColumns: missing,
      repeatedColumns: repeated,
    });
  }
  if (data.length > rules.maxRows) {
    throw new EnrollmentError('ENROLLMENT.CSV_TOO_MANY_ROWS', 'validation', `a batch holds at most ${rules.maxRows} rows; split the file`, { maxRows: rules.maxRows, rows: data.length });
  }
  const index = new Map(names.map((h, i) => [h as GiftedCsvColumn, i]));
  const rows: GiftedRow[] = [];
  const rejections: GiftedRowRejection[] = [];
  data.forEach((record, i) => {
    const row = i + 1;
    const get = (c: GiftedCsvColumn): string => {
      const at = index.get(c);
      return at === undefined ? '' : (record.values[at] ?? '').trim();
    };
    const refText = get('household_ref');
    const householdRef = REF.test(refText) ? refText : null;
    const reject = (code: `ENROLLMENT.${string}`, message: string, column?: GiftedCsvColumn): void => {
      rejections.push({ row, line: record.line, householdRef, code, message, ...(column ? { column } : {}) });
    };
    if (record.malformed) return reject('ENROLLMENT.CSV_MALFORMED_ROW', `the row cannot be read: ${record.malformed}`);
    if (record.values.length !== names.length) return reject('ENROLLMENT.CSV_WRONG_COLUMN_COUNT', `the row has ${record.values.length} columns, the header ${names.length}`);
    if (!householdRef) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'household_ref must be 1-64 letters, digits or _ . / -', 'household_ref');
    const status = get('family_planning_status');
    if (!isHouseholdStatus(status)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'family_planning_status is not a known status code', 'family_planning_status');
    const county = get('county_code');
    const township = get('township_code');
    const village = get('village_code');
    if (!/^\d{6}$/.test(county)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'county_code must be 6 digits', 'county_code');
    if (!/^\d{9}$/.test(township)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'township_code must be 9 digits', 'township_code');
    if (!/^\d{12}$/.test(village)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'village_code must be 12 digits', 'village_code');
    if (!township.startsWith(county) || !village.startsWith(township)) return reject('ENROLLMENT.INVALID_REGION', 'the township code must start with the county code and the village code with the township code', 'village_code');
    const relationship = get('relationship');
    if (!isRelationship(relationship)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'relationship is not a known relationship code', 'relationship');
    const name = get('name');
    if (name.length === 0 || Array.from(name).length > 50) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'name must be 1-50 characters', 'name');
    const id = checkResidentId(get('id_number'), rules.today);
    if (!id.ok) return reject('ENROLLMENT.INVALID_ID_NUMBER', `id_number ${idProblemText[id.problem]}`, 'id_number');
    const phone = get('phone');
    if (phone !== '' && !PHONE.test(phone)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'phone must be 5-20 digits', 'phone');
    const referrerId = get('referrer_id');
    if (referrerId !== '' && !UUID.test(referrerId)) return reject('ENROLLMENT.CSV_MALFORMED_COLUMN', 'referrer_id must be a referrer\'s UUID', 'referrer_id');
    rows.push({
      row,
      line: record.line,
      householdRef,
      householdStatus: status,
      region: { countyCode: county, townshipCode: township, villageCode: village },
      relationship,
      name,
      residentId: id.id,
      phone: phone === '' ? null : phone,
      referrerId: referrerId === '' ? null : referrerId.toLowerCase(),
    });
  });
  return { rows, rejections };
}

/** Rejects every row of a household with one reason (e.g. a member already insured elsewhere this year). */
export function rejectHousehold(members: readonly { row: number; line: number; householdRef: string }[], code: `ENROLLMENT.${string}`, message: string): GiftedRowRejection[] {
  return members.map((m) => ({ row: m.row, line: m.line, householdRef: m.householdRef, code, message }));
}

/**
 * Groups sound rows into households and applies the household rules: one head, the same household columns
 * on every row, vulnerable status, member count and ages within the product, and each person in at most one
 * household of the batch (the first one wins, in file order).
 */
export function groupGiftedHouseholds(parsed: { rows: GiftedRow[]; rejections: GiftedRowRejection[] }, rules: Pick<GiftedBatchRules, 'product' | 'coverStartsOn'>): { households: GiftedHousehold[]; rejections: GiftedRowRejection[] } {
  const rejections = [...parsed.rejections];
  const spoiled = new Map<string, number[]>();
  for (const r of parsed.rejections) {
    if (!r.householdRef) continue;
    const rows = spoiled.get(r.householdRef);
    if (rows) rows.push(r.row);
    else spoiled.set(r.householdRef, [r.row]);
  }
  const groups = new Map<string, GiftedRow[]>();
  for (const r of parsed.rows) {
    const rows = groups.get(r.householdRef);
    if (rows) rows.push(r);
    else groups.set(r.householdRef, [r]);
  }

  const households: GiftedHousehold[] = [];
  const seenPeople = new Set<string>();
  for (const [ref, rows] of groups) {
    const spoiledRows = spoiled.get(ref);
    if (spoiledRows) {
      rejections.push(...rejectHousehold(rows, 'ENROLLMENT.HOUSEHOLD_ROW_REJECTED', `another row of household ${ref} was rejected (row ${spoiledRows.join(', ')})`));
      continue;
    }
    const heads = rows.filter((r) => r.relationship === 'HEAD');
    if (heads.length !== 1) {
      rejections.push(...rejectHousehold(rows, heads.length === 0 ? 'ENROLLMENT.HOUSEHOLD_WITHOUT_HEAD' : 'ENROLLMENT.MULTIPLE_HEADS', `household ${ref} must have exactly one HEAD row, found ${heads.length}`));
      continue;
    }
    const head = heads[0];
    const members = [head, ...rows.filter((r) => r !== head)];
    const outcome = judgeHousehold(ref, head, members, rules, seenPeople);
    if (Array.isArray(outcome)) {
      rejections.push(...outcome);
      continue;
    }
    for (const m of members) seenPeople.add(m.residentId.normalized);
    households.push(outcome);
  }
  rejections.sort((a, b) => a.row - b.row);
  return { households, rejections };
}

function judgeHousehold(ref: string, head: GiftedRow, members: GiftedRow[], rules: Pick<GiftedBatchRules, 'product' | 'coverStartsOn'>, seenPeople: ReadonlySet<string>): GiftedHousehold | GiftedRowRejection[] {
  const sameHousehold = (r: GiftedRow): boolean =>
    r.householdStatus === head.householdStatus && r.region.villageCode === head.region.villageCode && r.region.townshipCode === head.region.townshipCode &&
    r.region.countyCode === head.region.countyCode && (r.referrerId === null || r.referrerId === head.referrerId) && (r.phone === null || head.phone === null || r.phone === head.phone);
  const inconsistent = members.filter((r) => !sameHousehold(r));
  if (inconsistent.length > 0) {
    return members.map((m) =>
      inconsistent.includes(m)
        ? { row: m.row, line: m.line, householdRef: ref, code: 'ENROLLMENT.CSV_INCONSISTENT_HOUSEHOLD' as const, message: 'status, region, phone or referrer differ from the HEAD row', column: 'family_planning_status' as const }
        : { row: m.row, line: m.line, householdRef: ref, code: 'ENROLLMENT.HOUSEHOLD_ROW_REJECTED' as const, message: `household ${ref} has inconsistent rows` },
    );
  }
  const ids = new Set<string>();
  for (const m of members) {
    if (ids.has(m.residentId.normalized)) return rejectHousehold(members, 'ENROLLMENT.DUPLICATE_PERSON_IN_HOUSEHOLD', `a person is listed twice in household ${ref} (row ${m.row})`);
    ids.add(m.residentId.normalized);
    if (seenPeople.has(m.residentId.normalized)) return rejectHousehold(members, 'ENROLLMENT.DUPLICATE_PERSON_IN_BATCH', `row ${m.row} names a person already listed in an earlier household of this batch`);
  }
  try {
    checkAttribution({ channel: 'GOVERNMENT_GIFTED', householdStatus: head.householdStatus, villageCode: head.region.villageCode, referrer: null });
    const agesAtCoverStart = checkInsurable(
      rules.product,
      rules.coverStartsOn,
      members.map((m) => ({ field: `row ${m.row}`, birthDate: m.residentId.birthDate })),
    );
    return { householdRef: ref, householdStatus: head.householdStatus, region: head.region, phone: head.phone, referrerId: head.referrerId, members, agesAtCoverStart };
  } catch (e) {
    if (!(e instanceof EnrollmentError)) throw e;
    return rejectHousehold(members, e.code, e.message);
  }
}

/** What the database knows about the people of a batch, by normalized resident ID number. */
export interface GiftedBatchFacts {
  /** People who already head a registered household. */
  registeredHeads: ReadonlySet<string>;
  /** People already insured in the programme year. */
  insured: ReadonlySet<string>;
  /** The registered referrers among those the batch names. */
  referrers: ReadonlyMap<string, ReferrerCoverage>;
}

export interface AcceptedGiftedHousehold {
  household: GiftedHousehold;
  referrer: ReferrerCoverage | null;
}

/**
 * The rules that need the database, applied to facts read for the whole batch at once: the head has no
 * registered household yet, nobody is insured in the programme year already, and a named referrer is
 * registered and serves the village. Together with `groupGiftedHouseholds` (each person in one household of
 * the file) this keeps "insured at most once per programme year" across the file and against the database.
 */
export function applyGiftedBatchFacts(
  households: readonly GiftedHousehold[],
  facts: GiftedBatchFacts,
  programmeYear: number,
): { accepted: AcceptedGiftedHousehold[]; rejections: GiftedRowRejection[] } {
  const accepted: AcceptedGiftedHousehold[] = [];
  const rejections: GiftedRowRejection[] = [];
  for (const household of households) {
    const reject = (code: `ENROLLMENT.${string}`, message: string) => rejections.push(...rejectHousehold(household.members, code, message));
    if (facts.registeredHeads.has(household.members[0].residentId.normalized)) {
      reject('ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED', `the head of ${household.householdRef} already has a registered household; renew or apply for it instead`);
      continue;
    }
    const insuredRows = household.members.filter((m) => facts.insured.has(m.residentId.normalized)).map((m) => m.row);
    if (insuredRows.length > 0) {
      reject('ENROLLMENT.PERSON_ALREADY_INSURED', `row ${insuredRows.join(', ')} names a person already insured in ${programmeYear}`);
      continue;
    }
    const referrer = household.referrerId ? facts.referrers.get(household.referrerId) : null;
    if (referrer === undefined) {
      reject('ENROLLMENT.REFERRER_NOT_FOUND', `referrer_id of ${household.householdRef} is not a registered referrer`);
      continue;
    }
    try {
      checkAttribution({ channel: 'GOVERNMENT_GIFTED', householdStatus: household.householdStatus, villageCode: household.region.villageCode, referrer });
    } catch (e) {
      if (!(e instanceof EnrollmentError)) throw e;
      reject(e.code, e.message);
      continue;
    }
    accepted.push({ household, referrer });
  }
  return { accepted, rejections };
}
