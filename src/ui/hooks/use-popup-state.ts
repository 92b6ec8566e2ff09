import { useCallback, useEffect, useRef, useState } from 'react';
import type { PopupState } from '../../messaging/protocol.ts';
import { errorMessage, type PageEnvironment } from './page-environment.ts';

/** While a guided run or a capture is in progress the popup re-reads the state this often, besides storage events. */
export const LIVE_POLL_MS = 500;

export interface PopupStateView {
  readonly state: PopupState | undefined;
  readonly error: string | undefined;
  readonly refresh: () => void;
}

/** True while something is still happening that the popup should show live. */
export function isLive(state: PopupState | undefined): boolean {
  return state !== undefined && (state.guided !== undefined || state.latest?.flow.state === 'running');
}

/** The worker's state for the popup, re-read on every storage change and polled while a run is live. */
export function usePopupState(environment: PageEnvironment): PopupStateView {
  const [state, setState] = useState<PopupState | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const generation = useRef(0);
  const refresh = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    environment.call('getState').then(
      (next) => {
        // A slower earlier answer must not overwrite a newer one.
        if (mine !== generation.current) return;
        setState(next);
        setError(undefined);
      },
      (failure: unknown) => {
        if (mine === generation.current) setError(errorMessage(failure));
      },
    );
  }, [environment]);
  useEffect(() => {
    refresh();
    return environment.subscribe(refresh);
  }, [environment, refresh]);
  const live = isLive(state);
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(refresh, LIVE_POLL_MS);
    return () => {
      clearInterval(timer);
    };
  }, [live, refresh]);
  return { state, error, refresh };
}
