// What a failed `signet` command left on stderr, once the sign-in progress lines are set aside.

/** Progress the `login` command prints while it waits; not part of an error. */
const progressLines: RegExp[] = [
  /^Opening your browser to sign in…$/,
  /^Waiting for you to finish in the browser \(Ctrl\+C to cancel\)…$/,
  /^First copy your one-time code: \S+$/,
  /^Then open \S+ and enter it\.$/,
  /^Waiting…$/,
];

/** The non-empty stderr lines that are not sign-in progress: a failure should leave exactly one. */
export function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !progressLines.some((pattern) => pattern.test(line)));
}

/** A stack trace line, as Node prints them. */
export const stackLine = /\n\s+at /;
