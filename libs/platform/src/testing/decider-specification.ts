import { Decider, DomainError, Event, fold } from '../domain/decider';

/**
 * Given/when/then for deciders (after Emmett's DeciderSpecification):
 *   spec.given([events]).when(command).then([events])  or  .thenThrows('code')
 */
export const DeciderSpecification = {
  for<State, Command, E extends Event>(decider: Decider<State, Command, E>) {
    return {
      given(events: E[]) {
        return {
          when(command: Command) {
            const run = () => decider.decide(command, fold(decider, events));
            return {
              then(expected: E[]) {
                expect(run()).toEqual(expected);
              },
              thenNothingHappens() {
                expect(run()).toEqual([]);
              },
              thenThrows(code: string, check?: (error: DomainError) => void) {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown).toBeInstanceOf(DomainError);
                expect((thrown as DomainError).code).toBe(code);
                check?.(thrown as DomainError);
              },
            };
          },
        };
      },
    };
  },
};
