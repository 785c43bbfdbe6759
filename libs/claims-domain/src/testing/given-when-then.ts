/**
 * Decider tests that read like the rules: given a history, when a command, then events (or an error).
 * Local to this library until the shared helper in libs/event-store lands.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export interface Then<E, S> {
  /** Exactly these events. */
  then(expected: readonly E[]): void;
  /** Events matching these partial shapes, same count and order. */
  thenMatches(expected: readonly unknown[]): void;
  /** The types of the events, in order. */
  thenTypes(types: readonly string[]): void;
  /** No events: the command already took effect (a retry). */
  thenNothing(): void;
  /** A domain error with this code (and kind, if given). */
  thenThrows(code: string, kind?: string): void;
  /** Inspect the state after the events. */
  thenState(check: (after: S, events: E[]) => void): void;
}

export function deciderSpec<C, E extends { type: string }, S>(decider: Decider<C, E, S>) {
  const given = (history: readonly E[] = []) => {
    const state = history.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when(command: C): Then<E, S> {
        const run = (): E[] => decider.decide(command, state);
        return {
          then: (expected) => expect(run()).toEqual(expected),
          thenMatches: (expected) => expect(run()).toMatchObject(expected),
          thenTypes: (types) => expect(run().map((e) => e.type)).toEqual(types),
          thenNothing: () => expect(run()).toEqual([]),
          thenThrows(code, kind) {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toMatchObject(kind ? { code, kind } : { code });
          },
          thenState(check) {
            const events = run();
            check(events.reduce(decider.evolve, state), events);
          },
        };
      },
    };
  };
  return { given };
}
