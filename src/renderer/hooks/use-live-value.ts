import type { EventMap, EventName } from '../../shared/contract';
import { useLoad, type Loaded } from './use-load';
import { useSignetEvent } from './use-signet-event';

/** A value loaded once and then replaced by every push of `event` (accounts, status). */
export function useLiveValue<E extends EventName>(
  load: () => Promise<EventMap[E]>,
  event: E,
): Loaded<EventMap[E]> {
  const loaded = useLoad(load);
  useSignetEvent(event, loaded.setValue);
  return loaded;
}
