import type { Random } from './random';

/**
 * Synthetic people. Every ID number uses prefecture code 98 or 99 inside a real province code (GB/T 2260
 * has neither), so a generated number passes GB 11643 validation but can never be a real person's.
 * Names come from a short list of common characters. No phone numbers are generated: any valid-looking
 * mobile number could be a real person's.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export const FICTITIOUS_PREFECTURES = new Set(['98', '99']);

export function syntheticIdNumber(countyCode: string, birth: string, sex: 'MALE' | 'FEMALE', serial: number): string {
  if (!FICTITIOUS_PREFECTURES.has(countyCode.slice(2, 4))) throw new Error(`synthetic ID numbers must use a fictitious prefecture (98, 99), got ${countyCode}`);
  // Sequence: odd for men, even for women; serial spreads people over 1..499 pairs.
  const base = (serial % 499) * 2 + 1;
  const sequence = String(sex === 'MALE' ? base : base + 1).padStart(3, '0');
  const first17 = `${countyCode}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + checkCharacter(first17);
}

const FAMILY = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀', '霞', '平'];

export const syntheticName = (rnd: Random): string => rnd.pick(FAMILY) + rnd.pick(GIVEN) + (rnd.chance(0.6) ? rnd.pick(GIVEN) : '');

