import type { SignInMethod, SignInStage } from '../../shared/domain';
import { CheckIcon, CrossIcon } from './icons';

interface Step {
  label: string;
  stages: readonly SignInStage[];
}

const browserSteps: readonly Step[] = [
  { label: 'Opening the browser', stages: ['starting', 'opening-browser'] },
  { label: 'Waiting for you in the browser', stages: ['waiting-for-browser'] },
  { label: 'Exchanging the code', stages: ['exchanging'] },
  { label: 'Fetching your profile', stages: ['fetching-profile', 'storing'] },
  { label: 'Done', stages: ['done'] },
];

const deviceSteps: readonly Step[] = [
  { label: 'Getting a code', stages: ['starting', 'opening-browser'] },
  { label: 'Waiting for you to enter the code', stages: ['waiting-for-device'] },
  { label: 'Exchanging the code', stages: ['exchanging'] },
  { label: 'Fetching your profile', stages: ['fetching-profile', 'storing'] },
  { label: 'Done', stages: ['done'] },
];

export function stepsFor(method: SignInMethod): readonly Step[] {
  return method === 'device' ? deviceSteps : browserSteps;
}

/** The label of the step a stage belongs to: what the panel announces. */
export function stepLabel(method: SignInMethod, stage: SignInStage): string {
  return stepsFor(method).find((step) => step.stages.includes(stage))?.label ?? '';
}

type StepState = 'complete' | 'current' | 'failed' | 'pending';

const stateText: Record<StepState, string> = {
  complete: 'done',
  current: 'in progress',
  failed: 'stopped here',
  pending: 'not started',
};

export interface SignInStepsProps {
  method: SignInMethod;
  /** The furthest stage reached. */
  reached: SignInStage;
  failed: boolean;
}

/** The sign-in as an ordered list of steps, each marked done, in progress, stopped or not started. */
export function SignInSteps({ method, reached, failed }: SignInStepsProps) {
  const steps = stepsFor(method);
  const currentIndex = Math.max(
    0,
    steps.findIndex((step) => step.stages.includes(reached)),
  );
  const finished = reached === 'done';

  return (
    <ol className="steps">
      {steps.map((step, index) => {
        let state: StepState;
        if (index < currentIndex || (finished && index === currentIndex)) state = 'complete';
        else if (index === currentIndex) state = failed ? 'failed' : 'current';
        else state = 'pending';
        return (
          <li
            key={step.label}
            className={`step step--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="step-marker" aria-hidden="true">
              {state === 'complete' ? <CheckIcon /> : state === 'failed' ? <CrossIcon /> : null}
            </span>
            <span className="step-label">{step.label}</span>
            <span className="visually-hidden"> ({stateText[state]})</span>
          </li>
        );
      })}
    </ol>
  );
}
