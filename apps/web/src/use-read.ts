import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Read<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** A read that runs when its inputs change and can be run again; an older answer never replaces a newer one. */
export const useRead = <T>(load: () => Promise<T>, inputs: unknown[]): Read<T> => {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const run = useCallback(() => {
    const call = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: Error) => call === latest.current && setState({ error, loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, inputs);
  useEffect(run, [run]);
  return { ...state, reload: run };
};
