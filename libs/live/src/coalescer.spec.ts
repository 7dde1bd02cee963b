import { Clock, Coalescer } from './coalescer';

/** A clock that moves only when the test says so, running due timers in time order. */
class FakeClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private ids = 0;

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

describe('Coalescer', () => {
  let clock: FakeClock;
  let sent: Array<{ consultationId: string; at: number }>;
  let coalescer: Coalescer;

  beforeEach(() => {
    clock = new FakeClock();
    sent = [];
    coalescer = new Coalescer((consultationId) => sent.push({ consultationId, at: clock.now() }), 100, clock);
  });

  it('sends nothing when nothing changed', () => {
    clock.advance(1000);
    expect(sent).toEqual([]);
  });

  it('sends the first change of a quiet consultation at once', () => {
    coalescer.changed('c1');
    clock.advance(0);
    expect(sent).toEqual([{ consultationId: 'c1', at: 0 }]);
  });

  it('tells whether a send is due, from the change until it went out', () => {
    expect(coalescer.isPending('c1')).toBe(false);
    coalescer.changed('c1');
    expect(coalescer.isPending('c1')).toBe(true);
    expect(coalescer.isPending('c2')).toBe(false);
    clock.advance(0);
    expect(sent).toHaveLength(1);
    expect(coalescer.isPending('c1')).toBe(false);
  });

  it('sends at most once per interval during a burst, and once more after its last change', () => {
    // A change every 3 ms for one second, ending at 999 ms.
    for (let t = 0; t < 1000; t += 3) {
      coalescer.changed('c1');
      clock.advance(3);
    }
    const lastChange = 999;
    clock.advance(500);
    const times = sent.map((s) => s.at);
    expect(times.length).toBeLessThanOrEqual(1000 / 100 + 1);
    expect(times.length).toBeGreaterThanOrEqual(1000 / 100);
    times.slice(1).forEach((time, i) => expect(time - times[i]).toBeGreaterThanOrEqual(100));
    expect(times.at(-1)).toBeGreaterThanOrEqual(lastChange);
    expect(clock.pending).toBe(0);
  });

  it('sends a change that comes after a quiet spell without waiting more than the interval', () => {
    coalescer.changed('c1');
    clock.advance(0);
    clock.advance(40);
    coalescer.changed('c1');
    clock.advance(59);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent.map((s) => s.at)).toEqual([0, 100]);
    clock.advance(1000);
    coalescer.changed('c1');
    clock.advance(0);
    expect(sent.map((s) => s.at)).toEqual([0, 100, 1100]);
  });

  it('coalesces each consultation on its own', () => {
    coalescer.changed('c1');
    coalescer.changed('c2');
    coalescer.changed('c1');
    clock.advance(0);
    coalescer.changed('c2');
    clock.advance(100);
    expect(sent).toEqual([
      { consultationId: 'c1', at: 0 },
      { consultationId: 'c2', at: 0 },
      { consultationId: 'c2', at: 100 },
    ]);
  });

  it('forgets a consultation and stops altogether without sending what was pending', () => {
    coalescer.changed('c1');
    coalescer.changed('c2');
    coalescer.forget('c1');
    clock.advance(0);
    expect(sent.map((s) => s.consultationId)).toEqual(['c2']);
    coalescer.changed('c2');
    coalescer.stop();
    clock.advance(1000);
    expect(sent).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});
