let lastDate: Date | undefined;
let lastTime = NaN;
let lastIso = '';

/**
 * `d.toISOString()`, remembering the last answer: a gifted batch formats the same instant (its `now`) some
 * 30,000 times, for every row's and every event's timestamp.
 */
export function isoOf(d: Date): string {
  const t = d.getTime();
  if (d !== lastDate || t !== lastTime) {
    lastIso = d.toISOString();
    lastDate = d;
    lastTime = t;
  }
  return lastIso;
}
