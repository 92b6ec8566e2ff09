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

/** How long a guided run that has not produced a flow yet counts as being watched. */
export const GUIDED_START_WINDOW_MS = 2 * 60_000;

/**
 * True while a guided "Diagnose" run is still under way: its tab has not produced a flow yet (for
 * a couple of minutes at most), or the flow it produced is still running. The run stays stored
 * after that (it marks which flow the popup shows), but the popup no longer says it is watching.
 */
export function isGuidedRunWatching(state: PopupState | undefined, now: number): boolean {
  const guided = state?.guided;
  if (guided === undefined) return false;
  if (guided.flowId === undefined) return now - Date.parse(guided.startedAt) < GUIDED_START_WINDOW_MS;
  // buildPopupState makes the guided run's flow the latest while it is stored.
  return state?.latest?.flow.id === guided.flowId && state.latest.flow.state === 'running';
}

/** True while something is still happening that the popup should show live. */
export function isLive(state: PopupState | undefined, now: number = Date.now()): boolean {
  return state !== undefined && (isGuidedRunWatching(state, now) || state.latest?.flow.state === 'running');
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
