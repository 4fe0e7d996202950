import { useEffect, useLayoutEffect, useRef } from 'react';
import { api } from '../api';
import type { EventMap, EventName } from '../../shared/contract';

/** Listens to one pushed event while the component is mounted; unsubscribes on unmount. */
export function useSignetEvent<E extends EventName>(
  event: E,
  listener: (payload: EventMap[E]) => void,
): void {
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [event]);
}
