export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Coalesces updates per key (a consultation's tally, a room's presence): at most one send per `intervalMs`,
 * and after the last change of a burst one more send, which reads the state as it then is, so the room
 * always ends on the exact state. A burst of N votes becomes at most one message per interval per room
 * instead of N × clients.
 */
export class Coalescer {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly send: (key: string) => void,
    private readonly intervalMs = 100,
    private readonly clock: Clock = systemClock,
  ) {}

  changed(key: string): void {
    if (this.pending.has(key)) return;
    const wait = Math.max(0, (this.lastSent.get(key) ?? -Infinity) + this.intervalMs - this.clock.now());
    this.pending.set(
      key,
      this.clock.setTimeout(() => {
        this.pending.delete(key);
        this.lastSent.set(key, this.clock.now());
        this.send(key);
      }, wait),
    );
  }

  /** Whether a send for the key is waiting for its slot: whoever joins now receives it. */
  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  forget(key: string): void {
    const timer = this.pending.get(key);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.pending.delete(key);
    this.lastSent.delete(key);
  }

  stop(): void {
    for (const timer of this.pending.values()) this.clock.clearTimeout(timer);
    this.pending.clear();
  }
}
