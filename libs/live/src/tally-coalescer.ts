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
 * Coalesces tally updates per consultation: at most one send per `intervalMs`, and after the last change
 * of a burst one more send, so the room always ends on the exact tally. A burst of N votes becomes at most
 * N / (rate × interval) messages per room instead of N × clients.
 */
export class TallyCoalescer {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly send: (consultationId: string) => void,
    private readonly intervalMs = 100,
    private readonly clock: Clock = systemClock,
  ) {}

  changed(consultationId: string): void {
    if (this.pending.has(consultationId)) return;
    const wait = Math.max(0, (this.lastSent.get(consultationId) ?? -Infinity) + this.intervalMs - this.clock.now());
    this.pending.set(
      consultationId,
      this.clock.setTimeout(() => {
        this.pending.delete(consultationId);
        this.lastSent.set(consultationId, this.clock.now());
        this.send(consultationId);
      }, wait),
    );
  }

  forget(consultationId: string): void {
    const timer = this.pending.get(consultationId);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.pending.delete(consultationId);
    this.lastSent.delete(consultationId);
  }

  stop(): void {
    for (const timer of this.pending.values()) this.clock.clearTimeout(timer);
    this.pending.clear();
  }
}
