import { useState } from 'preact/hooks';

/**
 * A command a button or form sends: busy while it runs, the server's refusal (in the interface's language) when
 * it is refused, `done` afterwards either way (to read again what it changed).
 */
export const useAction = (done?: () => void) => {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const run = (key: string, work: () => Promise<unknown>) => {
    setBusy(key);
    setError(undefined);
    work()
      .catch((failure: Error) => setError(failure.message))
      .finally(() => {
        setBusy(undefined);
        done?.();
      });
  };
  return { busy, error, run };
};

/** The value of a named field of a submitted form, trimmed. */
export const field = (form: HTMLFormElement, name: string): string => String(new FormData(form).get(name) ?? '').trim();
