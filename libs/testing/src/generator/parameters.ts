/**
 * Parameters of a synthetic programme year, calibrated to the real city-year in the domain reference
 * (one city, 2021): 85,700 households, 9.26 million yuan premium, 2,208 people paid 6.88 million yuan
 * (loss ratio 74.3 %, average 3,116 yuan), 480 referrers, and through the mobile storefront 15,008
 * households with 45,000 insured persons and 1.8746 million yuan. The generator reproduces every one of
 * these figures exactly (at scale 1), and scales them for smaller runs.
 */
export interface CityParameters {
  /** Fictitious 4-digit city code `PP99` (prefecture 99 does not exist in GB/T 2260). */
  code: string;
  name: string;
  counties: number;
  townshipsPerCounty: number;
  villagesPerTownship: number;
  households: number;
  premiumYuan: number;
  mobile: { households: number; persons: number; premiumYuan: number };
  referrers: number;
  paid: { persons: number; amountYuan: number };
  /** Claims rejected at registration because the accident happened before cover started. */
  rejectedClaims: number;
  withdrawnClaims: number;
  /** Shares of the non-mobile households by channel. */
  channelMix: { COUNTER: number; REFERRER: number; GOVERNMENT_GIFTED: number };
  lateIssuanceShare: number;
  /** Paid but still not issued at the end of the year (counts as late). */
  unissuedShare: number;
  lateDeliveryShare: number;
  undeliveredShare: number;
  followUp: { satisfied: number; basically_satisfied: number; dissatisfied: number; unreachable: number };
  /** Households the city had the year before, for year-on-year growth (only counted, not enrolled). */
  previousYearHouseholds?: number;
}

export interface GeneratorParameters {
  seed: number;
  programmeYear: number;
  cities: CityParameters[];
}

/** The reference city-year of domain.md, at full scale. */
export const REFERENCE_CITY: CityParameters = {
  code: '3399',
  name: '示范市',
  counties: 8,
  townshipsPerCounty: 10,
  villagesPerTownship: 12,
  households: 85_700,
  premiumYuan: 9_260_000,
  mobile: { households: 15_008, persons: 45_000, premiumYuan: 1_874_600 },
  referrers: 480,
  paid: { persons: 2_208, amountYuan: 6_880_000 },
  rejectedClaims: 160,
  withdrawnClaims: 40,
  channelMix: { COUNTER: 0.35, REFERRER: 0.5, GOVERNMENT_GIFTED: 0.15 },
  lateIssuanceShare: 0.04,
  unissuedShare: 0.005,
  lateDeliveryShare: 0.06,
  undeliveredShare: 0.01,
  followUp: { satisfied: 0.82, basically_satisfied: 0.12, dissatisfied: 0.03, unreachable: 0.03 },
};

/** A second, smaller city, so that rankings between cities have something to rank. */
export const SECOND_CITY: CityParameters = {
  ...REFERENCE_CITY,
  code: '3398',
  name: '邻近市',
  counties: 6,
  households: 60_200,
  premiumYuan: 6_320_000,
  mobile: { households: 9_100, persons: 27_500, premiumYuan: 1_120_500 },
  referrers: 350,
  paid: { persons: 1_510, amountYuan: 4_410_000 },
  rejectedClaims: 110,
  withdrawnClaims: 30,
};

const scaleInt = (v: number, s: number, min = 1): number => Math.max(min, Math.round(v * s));

/**
 * A city at a fraction of its size, keeping its averages (premium per household, persons per mobile
 * household, payout per person) and shares. Structure (counties, townships) shrinks less, so that every
 * county still has households.
 */
export function scaleCity(city: CityParameters, scale: number): CityParameters {
  if (scale === 1) return city;
  const households = scaleInt(city.households, scale, 20);
  const mobileHouseholds = scaleInt(city.mobile.households, scale, 2);
  const paidPersons = scaleInt(city.paid.persons, scale, 2);
  return {
    ...city,
    counties: Math.max(3, Math.min(city.counties, Math.round(city.counties * Math.sqrt(scale) * 2))),
    townshipsPerCounty: Math.max(2, Math.round(city.townshipsPerCounty * Math.sqrt(scale))),
    villagesPerTownship: Math.max(2, Math.round(city.villagesPerTownship * Math.sqrt(scale))),
    households,
    premiumYuan: Math.round((city.premiumYuan / city.households) * households),
    mobile: {
      households: mobileHouseholds,
      persons: Math.round((city.mobile.persons / city.mobile.households) * mobileHouseholds),
      premiumYuan: Math.round((city.mobile.premiumYuan / city.mobile.households) * mobileHouseholds),
    },
    referrers: scaleInt(city.referrers, scale, 2),
    paid: { persons: paidPersons, amountYuan: Math.round((city.paid.amountYuan / city.paid.persons) * paidPersons) },
    rejectedClaims: scaleInt(city.rejectedClaims, scale, 1),
    withdrawnClaims: scaleInt(city.withdrawnClaims, scale, 1),
    previousYearHouseholds: city.previousYearHouseholds === undefined ? undefined : scaleInt(city.previousYearHouseholds, scale),
  };
}
