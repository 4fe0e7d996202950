import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { toErrorDetails, type ErrorDetails } from '../api';

export interface Loaded<T> {
  value: T | undefined;
  error: ErrorDetails | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the value; a load already in flight no longer overwrites it. */
  setValue: (value: T) => void;
}

/** Loads a value once on mount and again on `reload()`. */
export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [value, setValueState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ErrorDetails | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const latestLoad = useRef(load);
  // Bumped by every write, so a slow answer cannot replace a newer value pushed by an event.
  const version = useRef(0);

  useLayoutEffect(() => {
    latestLoad.current = load;
  });

  useEffect(() => {
    let live = true;
    const startedAt = version.current;
    setLoading(true);
    latestLoad.current().then(
      (loaded) => {
        if (!live) return;
        if (version.current === startedAt) {
          version.current += 1;
          setValueState(() => loaded);
        }
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(toErrorDetails(failure));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const setValue = useCallback((next: T) => {
    version.current += 1;
    setValueState(() => next);
    setError(null);
    setLoading(false);
  }, []);

  return { value, error, loading, reload, setValue };
}
