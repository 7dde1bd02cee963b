import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Read<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/**
 * A read that runs when its inputs change and can be run again; an older answer never replaces a newer one. A
 * failed reload keeps what was shown (with the error beside it); a change of the first input, the identity of what
 * is read (an id), forgets it, so that one proposal is never shown under another's address.
 */
export const useRead = <T>(load: () => Promise<T>, inputs: unknown[]): Read<T> => {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const identity = useRef<unknown>(inputs[0]);
  const run = useCallback(() => {
    const call = ++latest.current;
    const same = identity.current === inputs[0];
    identity.current = inputs[0];
    setState((previous) => (same ? { ...previous, loading: true } : { loading: true }));
    load().then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: Error) => call === latest.current && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, inputs);
  useEffect(run, [run]);
  return { ...state, reload: run };
};

/**
 * A counter to read again by (an input of useRead), and a `bump` that coalesces a burst — a room replaying its
 * events after a reconnection — into one new read.
 */
export const useVersion = (coalesceMs = 150): [number, () => void] => {
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const bump = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setVersion((v) => v + 1), coalesceMs);
  }, [coalesceMs]);
  return [version, bump];
};

/** The first value seen for a key (the position a page's data was first read at, per id): where a room is followed from. */
export const useFirstFor = <T>(key: string, value: T | undefined): T | undefined => {
  const first = useRef<{ key: string; value: T } | undefined>(undefined);
  if (value !== undefined && first.current?.key !== key) first.current = { key, value };
  return first.current?.key === key ? first.current.value : undefined;
};
