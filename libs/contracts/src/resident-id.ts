/**
 * The check character of a resident ID number (GB 11643-1999, ISO 7064 MOD 11-2). Shared because every
 * service that takes a number checks it: enrollment when people join, claims when a claimant reports.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** Whether an upper-case 18-character number (17 digits, then a digit or X) ends in its own check character. */
export const hasValidCheckCharacter = (id: string): boolean => /^\d{17}[\dX]$/.test(id) && residentIdCheckCharacter(id.slice(0, 17)) === id[17];
