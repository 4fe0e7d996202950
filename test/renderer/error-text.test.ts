import { describe, expect, it } from 'vitest';
import { describeError, describeErrorCode } from '../../src/renderer/lib/error-text';
import { errorCodes } from '../../src/shared/errors';

describe('error text', () => {
  it('has a distinct sentence and a next step for every error code', () => {
    const summaries = new Set<string>();
    for (const code of errorCodes) {
      const text = describeErrorCode(code);
      expect(text.summary, code).toMatch(/^[A-Z].*\.$/);
      expect(text.next, code).toMatch(/^[A-Z].*\.$/);
      expect(text.summary, code).not.toContain(code);
      summaries.add(text.summary);
    }
    expect(summaries.size).toBe(errorCodes.length);
  });

  it('still says something for a code it does not know', () => {
    expect(describeError('brand-new-code').summary).toBe('Something unexpected went wrong.');
    expect(describeError('network').summary).toBe('Signet couldn’t reach the provider.');
  });
});
