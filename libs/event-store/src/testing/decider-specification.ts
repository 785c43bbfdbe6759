import { AssertionError, deepStrictEqual } from 'node:assert';
import { inspect } from 'node:util';
import type { Decider } from '../lib/decider';

/** The assertions of one scenario. */
export interface DeciderThen<E> {
  /** `decide` returns exactly these events (deep, strict equality: `1n` is not `1`). */
  then(expected: readonly E[]): void;
  /** `decide` returns no events: the command is a no-op in this state (e.g. a repeated command). */
  thenNothing(): void;
  /** `decide` throws, and the error satisfies the predicate when one is given. */
  thenThrows(predicate?: (error: unknown) => boolean): void;
}

/** A scenario: past events, then a command. */
export interface DeciderGiven<C, E> {
  when(command: C): DeciderThen<E>;
}

const show = (v: unknown): string => inspect(v, { depth: 6, breakLength: 120 });

/**
 * Scenario tests that read like the rules:
 * ```ts
 * const { given } = deciderSpecification(claimDecider);
 * given([reported, assessed]).when(approve(999_00n)).thenThrows((e) => e.code === 'CLAIM.AMOUNT_ABOVE_ASSESSMENT');
 * ```
 * Assertion failures are `node:assert` errors, so this works under any test runner.
 */
export function deciderSpecification<C, S, E>(decider: Decider<C, S, E>): { given(events: readonly E[]): DeciderGiven<C, E> } {
  return {
    given: (events) => ({
      when: (command) => {
        const decide = (): readonly E[] => decider.decide(command, events.reduce((s, e) => decider.evolve(s, e), decider.initialState()));
        const then = (expected: readonly E[]): void => {
          let actual: readonly E[];
          try {
            actual = decide();
          } catch (error) {
            throw new AssertionError({ message: `expected events ${show(expected)}, but decide threw ${show(error)}` });
          }
          deepStrictEqual(actual, expected);
        };
        return {
          then,
          thenNothing: () => then([]),
          thenThrows: (predicate) => {
            let produced: readonly E[];
            try {
              produced = decide();
            } catch (error) {
              if (predicate && !predicate(error)) throw new AssertionError({ message: `decide threw an error that does not match: ${show(error)}` });
              return;
            }
            throw new AssertionError({ message: `expected decide to throw, but it returned ${show(produced)}` });
          },
        };
      },
    }),
  };
}
