/** Where a command writes and what it reads: the process's streams, or a test's recorders. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** All of standard input, for commands that read it (`git-credential`). */
  readStdin?: () => Promise<string>;
}

/** A mistake in how a command was called: exit 2 with the message. */
export class UsageError extends Error {}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** Prints a value as the documented `--json` output: indented, one trailing newline. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
