export interface RegionFilterInput {
  countyCode?: string;
  townshipCode?: string;
  villageCode?: string;
}

/**
 * The village-code prefix a list is filtered by: the most specific region the client asked for, kept within
 * the caller's scope. Region codes nest, so one prefix expresses county, township and village filters alike.
 * `nothing` means the filters contradict each other or fall outside the scope; the answer is then empty,
 * never a wider list.
 */
export function regionPrefixFor(requested: RegionFilterInput, scope: string | undefined): { prefix?: string } | 'nothing' {
  const given = [requested.countyCode, requested.townshipCode, requested.villageCode].filter((c): c is string => c !== undefined);
  const mostSpecific = given.reduce<string | undefined>((a, c) => (a === undefined || c.length > a.length ? c : a), undefined);
  if (mostSpecific !== undefined && !given.every((c) => mostSpecific.startsWith(c))) return 'nothing';
  if (!scope) return { prefix: mostSpecific };
  if (mostSpecific === undefined || scope.startsWith(mostSpecific)) return { prefix: scope };
  return mostSpecific.startsWith(scope) ? { prefix: mostSpecific } : 'nothing';
}
