import { SignetError } from '../../src/shared/errors.js';

/** The settled error of a promise that must fail with a SignetError (never printed whole). */
export async function signetFailure(promise: Promise<unknown>): Promise<SignetError> {
  const caught = await promise.then(
    () => new Error('expected a failure, got success'),
    (error: unknown) => error,
  );
  if (!(caught instanceof SignetError)) {
    throw new Error(`expected a SignetError, got ${(caught as Error)?.name ?? typeof caught}`);
  }
  return caught;
}
