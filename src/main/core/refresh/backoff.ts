/**
 * Exponential backoff with full jitter, never shorter than what the server asked for in
 * `Retry-After`.
 */
export class Backoff {
  private readonly state = new Map<string, { attempts: number; notBefore: number }>();

  constructor(
    private readonly baseMs = 1000,
    private readonly capMs = 5 * 60_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** Records a failure and returns when the next attempt may start (epoch ms). */
  fail(key: string, now: number, retryAfterSeconds?: number): number {
    const attempts = (this.state.get(key)?.attempts ?? 0) + 1;
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** (attempts - 1));
    const jittered = ceiling / 2 + this.random() * (ceiling / 2);
    const asked = retryAfterSeconds === undefined ? 0 : Math.min(retryAfterSeconds * 1000, 60 * 60_000);
    const notBefore = now + Math.max(jittered, asked);
    this.state.set(key, { attempts, notBefore });
    return notBefore;
  }

  succeed(key: string): void {
    this.state.delete(key);
  }

  /** Epoch ms before which no attempt should start; 0 when free. */
  notBefore(key: string): number {
    return this.state.get(key)?.notBefore ?? 0;
  }
}
