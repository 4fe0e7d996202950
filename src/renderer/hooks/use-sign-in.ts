import { useCallback, useEffect, useRef, useState } from 'react';
import { api, toErrorDetails, type ErrorDetails } from '../api';
import type { SignInMethod, SignInProgress, SignInStage } from '../../shared/domain';
import { useSignetEvent } from './use-signet-event';

export interface SignInTarget {
  id: string;
  name: string;
}

/**
 * A sign-in that must come back as one account, for what it holds and `scopes` (incremental
 * consent, `account:add-scopes`). `add`: the person asked for more permissions; `again`: signing in
 * again to an account holding more than the provider's defaults, so none of them is lost.
 */
export interface ConsentTarget {
  accountId: string;
  scopes: string[];
  purpose: 'add' | 'again';
}

/** One sign-in as the window follows it through `sign-in-progress` events. */
export interface SignInState {
  provider: SignInTarget;
  method: SignInMethod;
  /** Set when the sign-in adds scopes to an account rather than adding one. */
  consent?: ConsentTarget | undefined;
  /** Null until `signInStart` answers. */
  flowId: string | null;
  stage: SignInStage;
  /** The last stage before `failed`, so the step list can show where it stopped. */
  reached: SignInStage;
  userCode?: string | undefined;
  verificationUri?: string | undefined;
  expiresAt?: string | undefined;
  accountId?: string | undefined;
  error?: ErrorDetails | undefined;
}

export interface SignInControls {
  state: SignInState | null;
  start: (provider: SignInTarget, method: SignInMethod, consent?: ConsentTarget) => void;
  /** Cancels a running sign-in, or closes the panel of a finished one. */
  dismiss: () => void;
  retry: () => void;
}

/** How long the panel shows its success state before it closes itself. */
export const DONE_DELAY_MS = 1200;

function isFinished(stage: SignInStage): boolean {
  return stage === 'done' || stage === 'failed' || stage === 'cancelled';
}

function applyProgress(previous: SignInState, progress: SignInProgress): SignInState {
  const stopped = progress.stage === 'failed' || progress.stage === 'cancelled';
  return {
    ...previous,
    stage: progress.stage,
    reached: stopped ? previous.reached : progress.stage,
    userCode: progress.userCode ?? previous.userCode,
    verificationUri: progress.verificationUri ?? previous.verificationUri,
    expiresAt: progress.expiresAt ?? previous.expiresAt,
    accountId: progress.accountId ?? previous.accountId,
    error: progress.error ?? previous.error,
  };
}

/** Starts sign-ins and follows the one in progress; the window runs one at a time. */
export function useSignIn(doneDelayMs = DONE_DELAY_MS): SignInControls {
  const [state, setState] = useState<SignInState | null>(null);
  const current = useRef<{ attempt: number; flowId: string | null; waiting: boolean }>({
    attempt: 0,
    flowId: null,
    waiting: false,
  });
  // Progress can outrun the answer to signInStart; it waits here until the flow id is known.
  const early = useRef<SignInProgress[]>([]);

  useSignetEvent('sign-in-progress', (progress) => {
    const flow = current.current;
    if (flow.flowId !== null && progress.flowId === flow.flowId) {
      setState((previous) =>
        previous && previous.flowId === progress.flowId ? applyProgress(previous, progress) : previous,
      );
    } else if (flow.waiting) {
      early.current = [...early.current.slice(-49), progress];
    }
  });

  const start = useCallback((provider: SignInTarget, method: SignInMethod, consent?: ConsentTarget) => {
    const attempt = current.current.attempt + 1;
    current.current = { attempt, flowId: null, waiting: true };
    early.current = [];
    setState({ provider, method, consent, flowId: null, stage: 'starting', reached: 'starting' });

    const started = consent
      ? api.accountAddScopes({ accountId: consent.accountId, scopes: consent.scopes, method })
      : api.signInStart({ provider: provider.id, method });
    started.then(
      ({ flowId }) => {
        if (current.current.attempt !== attempt) {
          // Cancelled before the main process told us which flow to cancel: cancel it now.
          api.signInCancel({ flowId }).catch(() => {});
          return;
        }
        current.current = { attempt, flowId, waiting: false };
        const missed = early.current.filter((progress) => progress.flowId === flowId);
        early.current = [];
        setState((previous) => (previous ? missed.reduce(applyProgress, { ...previous, flowId }) : previous));
      },
      (failure: unknown) => {
        if (current.current.attempt !== attempt) return;
        current.current = { attempt, flowId: null, waiting: false };
        setState((previous) =>
          previous ? { ...previous, stage: 'failed', error: toErrorDetails(failure) } : previous,
        );
      },
    );
  }, []);

  const close = useCallback(() => {
    current.current = { attempt: current.current.attempt + 1, flowId: null, waiting: false };
    early.current = [];
    setState(null);
  }, []);

  const dismiss = useCallback(() => {
    const flowId = current.current.flowId;
    const running = state !== null && !isFinished(state.stage);
    close();
    if (running && flowId !== null) {
      // The panel closes either way; a flow that already ended cannot be cancelled, and that is fine.
      api.signInCancel({ flowId }).catch(() => {});
    }
  }, [close, state]);

  const retry = useCallback(() => {
    if (state) start(state.provider, state.method, state.consent);
  }, [start, state]);

  const stage = state?.stage;
  // Adding permissions stays open when done: it says what was granted and what was not.
  const staysOpen = state?.consent?.purpose === 'add';
  useEffect(() => {
    if (stage === 'cancelled') close();
    if (stage !== 'done' || staysOpen) return;
    const id = setTimeout(close, doneDelayMs);
    return () => clearTimeout(id);
  }, [stage, staysOpen, close, doneDelayMs]);

  return { state, start, dismiss, retry };
}
