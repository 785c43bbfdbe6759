import { EnrollmentError } from './errors';
import { isVulnerableStatus, type HouseholdStatus } from './household';

/** How an enrolment reached the programme: 柜面, 推荐人, 掌上门店, 政府赠保. */
export const CHANNELS = ['COUNTER', 'REFERRER', 'MOBILE_STOREFRONT', 'GOVERNMENT_GIFTED'] as const;
export type Channel = (typeof CHANNELS)[number];
export const isChannel = (v: string): v is Channel => (CHANNELS as readonly string[]).includes(v);

export interface ReferrerCoverage {
  referrerId: string;
  villageCodes: readonly string[];
}

/**
 * Every enrolment is attributed to a channel and, where one helped, a referrer; the association pays and
 * ranks referrers by it, so a referrer must serve the household's village, and the referrer channel needs one.
 * Gifted cover (政府赠保) is for vulnerable households only.
 */
export function checkAttribution(input: { channel: Channel; householdStatus: HouseholdStatus; villageCode: string; referrer: ReferrerCoverage | null }): void {
  if (input.channel === 'REFERRER' && !input.referrer) {
    throw new EnrollmentError('ENROLLMENT.REFERRER_REQUIRED', 'validation', 'the REFERRER channel needs a referrerId', { field: 'referrerId' });
  }
  if (input.referrer && !input.referrer.villageCodes.includes(input.villageCode)) {
    throw new EnrollmentError('ENROLLMENT.REFERRER_NOT_FOR_VILLAGE', 'unprocessable', 'the referrer does not serve the household\'s village', { referrerId: input.referrer.referrerId });
  }
  if (input.channel === 'GOVERNMENT_GIFTED' && !isVulnerableStatus(input.householdStatus)) {
    throw new EnrollmentError('ENROLLMENT.NOT_ELIGIBLE_FOR_GIFT', 'unprocessable', `gifted cover is for SPECIAL_SUPPORT, SPECIAL_FAMILY and LOW_INCOME households, not ${input.householdStatus}`, {
      familyPlanningStatus: input.householdStatus,
    });
  }
}
