/**
 * A meeting of 500 attendees, live: how long after a poll vote is acknowledged over HTTP every socket in the
 * meeting's room has `poll-results` that include it, and how long after a question's approval is acknowledged every
 * socket has a `queue` that shows it.
 *
 *   npx tsx test/bench/meeting.bench.ts            (npm run bench:meeting)
 *
 * Three processes, as `bench:live`, so that each one's CPU can be read from /proc: the server (the built app,
 * `npx nest build` when dist/ is missing or older than the sources) on a free 127.0.0.1 port with a temporary
 * DATA_DIR; the attendees' sockets (this file with `--attendees`: socket.io clients on the websocket transport, each
 * with its own token, subscribed to `meeting:<id>`, and one more for the moderator, who sees the pending questions);
 * and this process, which sets the meeting up and sends the votes and approvals over HTTP keep-alive.
 *
 * The meeting: a started work table, every attendee checked in, POLLS polls open at once (single choice, live
 * results), one per ATTENDEES votes of a case, so that every vote in a poll is a distinct attendee's; the attendees'
 * questions submitted and pending. Then:
 * - votes: a warm-up poll, then BENCH_RATE votes a second for BENCH_SECONDS, then a burst of BENCH_BURST with
 *   BENCH_CONCURRENCY in flight. Latency of a vote: from its HTTP 200 (it carries the vote's global `position`) to
 *   the moment the last socket of the room (every attendee and the moderator) has a `poll-results` whose `position`
 *   is at least that one: the first such message's arrival at each socket, the latest of those. A message that
 *   arrives before the HTTP 200 counts as 0 ms. As `bench:live` measures, from the acknowledgement.
 * - approvals: BENCH_APPROVALS pending questions approved one at a time; after each, a pause of 0 to twice the
 *   tally interval (a fixed pseudo-random sequence, so that an approval finds the queue's coalescing slot
 *   anywhere between free and just taken), then the next. Latency of an approval: from its HTTP 200 to the moment
 *   the last socket has a `queue` whose `approved` list holds the question.
 * The sockets' process stamps arrivals with the same monotonic clock (process.hrtime) as this one.
 *
 * BENCH_ATTENDEES (default 500), BENCH_RATE (default 250 votes/s), BENCH_SECONDS (default 8), BENCH_BURST
 * (default 1000 votes), BENCH_CONCURRENCY (default 64), BENCH_APPROVALS (default 100). Writes the figures to the
 * `## Meeting: 500 attendees` section of BENCHMARKS.md unless BENCH_NO_WRITE=1 or BENCH_ATTENDEES is not 500.
 */
import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { signJwt } from '../../libs/platform/src/auth/shared-secret';
import { DEFAULT_TALLY_INTERVAL_MS } from '../../libs/platform/src/config';
import { loadLine, machineLines, publishSection, runBenchmark } from './report';
import { ResourceMonitor, ROOT, Server, Usage, buildIfNeeded, cpuSeconds, percentile, startServer } from './server-process';
import { Ack, Voting, VotingClient, expectOk, now, sleep } from './voting';

const DEFAULT_ATTENDEES = 500;
const SECTION = `## Meeting: ${DEFAULT_ATTENDEES} attendees (npm run bench:meeting)`;

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? DEFAULT_ATTENDEES);
const RATE = Number(process.env.BENCH_RATE ?? 250);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 100);
const WARM_UP_VOTES = Math.min(250, ATTENDEES);
const TALLY_INTERVAL_MS = DEFAULT_TALLY_INTERVAL_MS;
/** A steady run may fall this far behind its schedule before it stops sending: the server is not keeping up. */
const MAX_IN_FLIGHT_STEADY = 256;
const SETTLE_TIMEOUT_MS = 15_000;
const OPTIONS = ['Sí', 'No', 'Con cambios'];
const SECTORS = ['government', 'civil-society', 'academia', 'private', 'international', 'citizen'];

// ─── The attendees' process ───────────────────────────────────────────────────────────────────────────────

type ToAttendees =
  | { type: 'connect'; url: string; room: string; tokens: string[] }
  | { type: 'record' }
  | { type: 'settle'; position: number; timeoutMs: number }
  | { type: 'question'; questionId: string; timeoutMs: number }
  | { type: 'close' };

interface Recording {
  /** Per socket, its `poll-results` in arrival order as [arrivedAt, position] pairs, flattened. */
  polls: number[][];
  /** Messages received by all sockets while recording, by name. */
  received: Record<string, number>;
  /** The size of the last `poll-results` and `queue` as JSON, as an attendee and as the moderator got them, bytes. */
  bytes: { polls: [number, number]; queue: [number, number] };
  /** Sockets that had not seen the position when the settle timed out. */
  behind: number;
  disconnects: number;
  overflows: number;
  /** The sockets' event-loop delay while recording, ms: when high, arrival stamps are late. */
  loopDelayP99: number;
}

interface Subscribing {
  seconds: number;
  presenceMessages: number;
}

/** When each socket first had the question in its approved queue (undefined: not within the timeout). */
interface Shown {
  arrivals: Array<number | undefined>;
  /** The size of the `queue` that showed it to the first attendee, as JSON, bytes. */
  bytes: number;
}

type FromAttendees =
  | ({ type: 'connected' } & Subscribing)
  | ({ type: 'recorded' } & Recording)
  | ({ type: 'shown' } & Shown)
  | { type: 'failed'; error: string };

const runAttendees = () => {
  const send = (message: FromAttendees) => process.send!(message);
  let sockets: Socket[] = [];
  let polls: number[][] = [];
  /** Per socket, the highest `poll-results` position seen. */
  let highest: number[] = [];
  /** Per socket, when each question first showed in its approved queue. */
  let shown: Array<Map<string, number>> = [];
  const shownBytes = new Map<string, number>();
  let recording = false;
  let received: Record<string, number> = {};
  const bytes: Recording['bytes'] = { polls: [0, 0], queue: [0, 0] };
  let disconnects = 0;
  let overflows = 0;
  let presenceMessages = 0;
  let lastPresenceAt = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });

  const connectOne = (url: string, token: string, room: string, index: number, moderator: boolean) =>
    new Promise<Socket>((resolveSocket, reject) => {
      const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const timer = setTimeout(() => reject(new Error(`socket ${index} not subscribed within 30 s`)), 30_000);
      // The sizes are measured on one attendee's socket and the moderator's: stringifying every copy would cost more than the parsing.
      const measured = index === 0 || moderator;
      socket.onAny((name: string) => {
        if (recording) received[name] = (received[name] ?? 0) + 1;
      });
      socket.on('poll-results', (message: { position: number }) => {
        const arrivedAt = now();
        highest[index] = Math.max(highest[index], message.position);
        if (recording) polls[index].push(arrivedAt, message.position);
        if (measured) bytes.polls[moderator ? 1 : 0] = JSON.stringify(message).length;
      });
      socket.on('queue', (message: { approved: Array<{ id: string }> }) => {
        const arrivedAt = now();
        const seen = shown[index];
        for (const question of message.approved) {
          if (seen.has(question.id)) continue;
          seen.set(question.id, arrivedAt);
          if (index === 0) shownBytes.set(question.id, JSON.stringify(message).length);
        }
        if (measured) bytes.queue[moderator ? 1 : 0] = JSON.stringify(message).length;
      });
      socket.on('presence', () => {
        presenceMessages++;
        lastPresenceAt = now();
      });
      socket.on('overflow', () => overflows++);
      socket.on('disconnect', () => disconnects++);
      socket.on('connect_error', (error) => reject(error));
      socket.on('connect', () => {
        socket
          .timeout(30_000)
          .emitWithAck('subscribe', { room })
          .then((ack: { ok: boolean; error?: string }) => {
            clearTimeout(timer);
            if (ack.ok) resolveSocket(socket);
            else reject(new Error(`subscribe refused: ${ack.error}`));
          }, reject);
      });
    });

  const waitUntil = async (done: () => boolean, timeoutMs: number) => {
    const deadline = now() + timeoutMs;
    while (!done() && now() < deadline) await sleep(2);
  };

  process.on('message', async (message: ToAttendees) => {
    try {
      if (message.type === 'connect') {
        const started = now();
        const count = message.tokens.length;
        [sockets, polls, highest, presenceMessages] = [[], [], [], 0];
        shown = Array.from({ length: count }, () => new Map());
        polls = Array.from({ length: count }, () => []);
        highest = Array.from({ length: count }, () => 0);
        // In batches, as `bench:live`: hundreds of simultaneous handshakes would only measure the accept queue.
        for (let i = 0; i < count; i += 50) {
          const batch = message.tokens
            .slice(i, i + 50)
            .map((token, j) => connectOne(message.url, token, message.room, i + j, i + j === count - 1));
          sockets.push(...(await Promise.all(batch)));
        }
        // The early sockets may still be reading the presence lists of later joins: wait until the room is quiet.
        await waitUntil(() => now() - lastPresenceAt >= 1000, 300_000);
        send({ type: 'connected', seconds: (now() - started) / 1000, presenceMessages });
      } else if (message.type === 'record') {
        polls.forEach((arrivals) => (arrivals.length = 0));
        received = {};
        disconnects = 0;
        overflows = 0;
        loopDelay.reset();
        loopDelay.enable();
        recording = true;
      } else if (message.type === 'settle') {
        const behind = () => highest.filter((position) => position < message.position).length;
        await waitUntil(() => behind() === 0, message.timeoutMs);
        recording = false;
        loopDelay.disable();
        send({
          type: 'recorded',
          polls: polls.map((arrivals) => [...arrivals]),
          received,
          bytes,
          behind: behind(),
          disconnects,
          overflows,
          loopDelayP99: loopDelay.percentile(99) / 1e6,
        });
      } else if (message.type === 'question') {
        const { questionId } = message;
        await waitUntil(() => shown.every((seen) => seen.has(questionId)), message.timeoutMs);
        send({ type: 'shown', arrivals: shown.map((seen) => seen.get(questionId)), bytes: shownBytes.get(questionId) ?? 0 });
      } else if (message.type === 'close') {
        sockets.forEach((socket) => socket.close());
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'failed', error: String((error as Error)?.stack ?? error) });
    }
  });
};

class Attendees {
  private readonly child: ChildProcess;
  private readonly replies: FromAttendees[] = [];
  private waiter?: () => void;

  constructor() {
    this.child = fork(__filename, ['--attendees'], { execArgv: ['--require', require.resolve('tsx/cjs')], stdio: 'inherit' });
    this.child.on('message', (message: FromAttendees) => {
      this.replies.push(message);
      this.waiter?.();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  private async next<T extends FromAttendees['type']>(type: T, timeoutMs: number): Promise<Extract<FromAttendees, { type: T }>> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const reply = this.replies.shift();
      if (reply?.type === 'failed') throw new Error(`attendees: ${reply.error}`);
      if (reply?.type === type) return reply as Extract<FromAttendees, { type: T }>;
      if (this.child.exitCode !== null) throw new Error('the attendees process exited');
      if (now() > deadline) throw new Error(`attendees did not answer ${type} within ${timeoutMs} ms`);
      await new Promise<void>((wake) => {
        this.waiter = wake;
        setTimeout(wake, 100);
      });
    }
  }

  async connect(url: string, room: string, tokens: string[]): Promise<Subscribing> {
    this.child.send({ type: 'connect', url, room, tokens } satisfies ToAttendees);
    return this.next('connected', 600_000);
  }

  record(): void {
    this.child.send({ type: 'record' } satisfies ToAttendees);
  }

  async settle(position: number): Promise<Recording> {
    this.child.send({ type: 'settle', position, timeoutMs: SETTLE_TIMEOUT_MS } satisfies ToAttendees);
    return this.next('recorded', SETTLE_TIMEOUT_MS + 60_000);
  }

  async shown(questionId: string): Promise<Shown> {
    this.child.send({ type: 'question', questionId, timeoutMs: SETTLE_TIMEOUT_MS } satisfies ToAttendees);
    return this.next('shown', SETTLE_TIMEOUT_MS + 60_000);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolveExit) => this.child.once('exit', () => resolveExit()));
    this.child.send({ type: 'close' } satisfies ToAttendees);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}

// ─── The meeting ──────────────────────────────────────────────────────────────────────────────────────────

interface Meeting {
  id: string;
  pollIds: string[];
  questionIds: string[];
  attendees: string[];
  moderator: string;
}

/** A started work table with every attendee checked in, `polls` open polls and one pending question per approval to come. */
const setUpMeeting = async (client: VotingClient, server: Server, polls: number): Promise<Meeting> => {
  const sign = (sub: string, name: string, roles: string[]) => signJwt({ sub, name, roles }, server.secret);
  const moderator = sign('bench-moderator', 'Bench Moderator', ['moderator']);
  const attendees = Array.from({ length: ATTENDEES }, (_, n) => sign(`attendee-${n}`, `Attendee ${n}`, ['participant']));
  const created = (what: string, method: string, path: string, token: string, body?: unknown) =>
    expectOk(client.call(method, path, token, body), what);
  const plan = await created('create the plan', 'POST', '/api/plans', moderator, {
    title: 'Benchmark plan (meeting)',
    country: 'CO',
    periodStart: '2026-01-01',
    periodEnd: '2027-12-31',
    themes: ['transparency'],
  });
  const meeting = await created('schedule the meeting', 'POST', '/api/meetings', moderator, {
    planId: plan.id,
    kind: 'work-table',
    title: 'Mesa de trabajo de contratación abierta',
    startsAt: '2027-03-10T14:00:00-05:00',
    endsAt: '2027-03-10T17:00:00-05:00',
    place: 'Bogotá, salón 3',
    agenda: [
      { title: 'Bienvenida', minutes: 10 },
      { title: 'Línea base', minutes: 45 },
      { title: 'Acuerdos', minutes: 30 },
    ],
  });
  await created('start the meeting', 'POST', `/api/meetings/${meeting.id}/start`, moderator);
  const pollIds: string[] = [];
  for (let i = 0; i < polls; i++) {
    const poll = await created('open a poll', 'POST', `/api/meetings/${meeting.id}/polls`, moderator, {
      form: 'single',
      question: `¿Se incluye el compromiso ${i + 1}?`,
      options: OPTIONS,
      results: 'live',
    });
    pollIds.push(poll.id);
  }
  const inParallel = async (count: number, one: (n: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < count) await one(next++);
      }),
    );
  };
  await inParallel(ATTENDEES, (n) =>
    created('check in', 'POST', `/api/meetings/${meeting.id}/attendance`, attendees[n], {
      organisation: `Organización ${n % 40}`,
      sector: SECTORS[n % SECTORS.length],
    }),
  );
  const questionIds: string[] = [];
  for (let n = 0; n < APPROVALS; n++) {
    const question = await created('submit a question', 'POST', `/api/meetings/${meeting.id}/questions`, attendees[n % ATTENDEES], {
      kind: n % 4 === 3 ? 'contribution' : 'question',
      text: `Pregunta ${n + 1}: ¿cuándo se publican los contratos del sector ${SECTORS[n % SECTORS.length]} como datos abiertos?`,
    });
    questionIds.push(question.id);
  }
  return { id: meeting.id, pollIds, questionIds, attendees, moderator };
};

/** The vote of the n-th of a case's votes: attendee n mod ATTENDEES, in the case's (n div ATTENDEES)-th poll. */
const pollVotes =
  (client: VotingClient, meeting: Meeting, firstPoll: number) =>
  async (n: number, voting: Voting): Promise<void> => {
    const pollId = meeting.pollIds[firstPoll + Math.floor(n / ATTENDEES)];
    await client.acknowledge(voting, () =>
      client.call('PUT', `/api/meetings/${meeting.id}/polls/${pollId}/vote`, meeting.attendees[n % ATTENDEES], {
        choices: [`option-${1 + (n % OPTIONS.length)}`],
      }),
    );
  };

// ─── Measuring ────────────────────────────────────────────────────────────────────────────────────────────

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const latencyOf = (sorted: number[]): Latency => ({
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
  max: sorted[sorted.length - 1] ?? NaN,
});

const sorted = (values: number[]) => values.sort((a, b) => a - b);

interface Result {
  case: string;
  sockets: number;
  /** Votes or approvals acknowledged, and those refused or failed. */
  acked: number;
  failures: number;
  perSecond: number;
  /** Ack → the last socket of the room has it. */
  latency: Latency;
  /** Ack → the first socket has it: the wait for the coalescing slot, mostly. */
  firstArrival: { p50: number; p99: number };
  /** The last socket's arrival − the first's: the broadcast's fan-out (and the sockets' process reading it). */
  fanOut: { p50: number; p99: number; max: number };
  http: { p50: number; p99: number };
  /** Messages a socket received a second, in all and by name. */
  messagesPerSocket: number;
  byName: Record<string, number>;
  /** Sizes of the messages, bytes: attendee / moderator. */
  bytes: string;
  missing: number;
  usage: Usage;
  recording: Recording;
  slowSockets: number;
  /** Approvals only, as the queue grows: the first and the last tenth of them, latency p50 and the server's CPU per approval (ms). */
  growth?: { first: number; last: number; firstCpu: number; lastCpu: number; firstBytes: number; lastBytes: number };
}

/** For every ack, each socket's first arrival of a message covering its position (undefined: none came). */
const coveringArrivals = (acks: Ack[], sockets: number[][]): Array<Array<number | undefined>> => {
  const watchers = sockets.map((flat) => {
    const arrivals: number[] = [];
    const positions: number[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      arrivals.push(flat[i]);
      positions.push(Math.max(flat[i + 1], positions[positions.length - 1] ?? 0));
    }
    return { arrivals, positions };
  });
  return acks.map((ack) =>
    watchers.map(({ arrivals, positions }) => {
      let [low, high] = [0, positions.length];
      while (low < high) {
        const middle = (low + high) >> 1;
        if (positions[middle] >= ack.position) high = middle;
        else low = middle + 1;
      }
      return arrivals[low];
    }),
  );
};

interface Spread {
  latencies: number[];
  firsts: number[];
  fanOuts: number[];
  missing: number;
}

/** Per acknowledgement: when the first and the last socket had it, from the HTTP 200; an ack some socket never got is missing. */
const spreadOf = (acks: Ack[], perAck: Array<Array<number | undefined>>): Spread => {
  const spread: Spread = { latencies: [], firsts: [], fanOuts: [], missing: 0 };
  perAck.forEach((arrivals, i) => {
    const received = arrivals.filter((at): at is number => at !== undefined);
    if (received.length < arrivals.length || received.length === 0) {
      spread.missing++;
      return;
    }
    const [first, last] = [Math.min(...received), Math.max(...received)];
    spread.latencies.push(Math.max(0, last - acks[i].answeredAt));
    spread.firsts.push(Math.max(0, first - acks[i].answeredAt));
    spread.fanOuts.push(last - first);
  });
  [spread.latencies, spread.firsts, spread.fanOuts].forEach(sorted);
  return spread;
};

const resultOf = (
  label: string,
  voting: Voting,
  spread: Spread,
  recording: Recording,
  usage: Usage,
  window: number,
  slowSockets: number,
  bytes: string,
): Result => {
  const sockets = recording.polls.length;
  const http = sorted(voting.acks.map((ack) => ack.answeredAt - ack.sentAt));
  const total = Object.values(recording.received).reduce((sum, n) => sum + n, 0);
  return {
    case: label,
    sockets,
    acked: voting.acks.length,
    failures: voting.failures,
    perSecond: voting.acks.length / voting.seconds,
    latency: latencyOf(spread.latencies),
    firstArrival: { p50: percentile(spread.firsts, 50), p99: percentile(spread.firsts, 99) },
    fanOut: {
      p50: percentile(spread.fanOuts, 50),
      p99: percentile(spread.fanOuts, 99),
      max: spread.fanOuts[spread.fanOuts.length - 1] ?? NaN,
    },
    http: { p50: percentile(http, 50), p99: percentile(http, 99) },
    messagesPerSocket: total / sockets / window,
    byName: Object.fromEntries(Object.entries(recording.received).map(([name, n]) => [name, n / sockets / window])),
    bytes,
    missing: spread.missing,
    usage,
    recording,
    slowSockets,
  };
};

const report = (result: Result, what: string) =>
  console.error(
    `${result.case}: ${result.acked} ${what} at ${result.perSecond.toFixed(0)}/s, ack → every socket p50 ${ms(result.latency.p50)} ` +
      `p95 ${ms(result.latency.p95)} p99 ${ms(result.latency.p99)} max ${ms(result.latency.max)} ms (first socket p99 ` +
      `${ms(result.firstArrival.p99)}, fan-out p99 ${ms(result.fanOut.p99)}), ${result.messagesPerSocket.toFixed(1)} messages/socket/s, ` +
      `server ${result.usage.serverCpu.toFixed(0)} % (peak ${result.usage.serverCpuPeak.toFixed(0)} %), ${result.usage.serverRssPeak.toFixed(0)} MiB, ` +
      `sockets ${result.usage.watchersCpu.toFixed(0)} %, voters ${result.usage.votersCpu.toFixed(0)} %, machine ${result.usage.machineBusy.toFixed(0)} % busy, ` +
      `sockets' loop delay p99 ${ms(result.recording.loopDelayP99)} ms, behind ${result.recording.behind}, missing ${result.missing}`,
  );

const measureVotes = async (
  server: Server,
  attendees: Attendees,
  monitor: ResourceMonitor,
  label: string,
  cast: () => Promise<Voting>,
): Promise<Result> => {
  const slowBefore = server.slowSockets();
  attendees.record();
  monitor.start();
  const started = now();
  const voting = await cast();
  if (voting.acks.length === 0) throw new Error(`${label}: no vote was acknowledged (${voting.firstFailure})`);
  const recording = await attendees.settle(Math.max(...voting.acks.map((ack) => ack.position)));
  const window = (now() - started) / 1000;
  const usage = monitor.stop();
  if (voting.failures > 0) console.error(`${label}: ${voting.failures} votes failed, the first: ${voting.firstFailure}`);
  const spread = spreadOf(voting.acks, coveringArrivals(voting.acks, recording.polls));
  const bytes = `${count(recording.bytes.polls[0])} / ${count(recording.bytes.polls[1])} B`;
  const result = resultOf(label, voting, spread, recording, usage, window, server.slowSockets() - slowBefore, bytes);
  report(result, 'votes');
  return result;
};

/** The same fixed sequence of pauses on every run: a linear congruential generator from a constant seed. */
const pauses = (seed = 20_261_202) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state / 2 ** 31) * 2 * TALLY_INTERVAL_MS;
  };
};

const measureApprovals = async (
  server: Server,
  client: VotingClient,
  attendees: Attendees,
  monitor: ResourceMonitor,
  meeting: Meeting,
  label: string,
): Promise<Result> => {
  const slowBefore = server.slowSockets();
  const pause = pauses();
  const voting: Voting = { acks: [], failures: 0, seconds: 0 };
  const shown: Array<Array<number | undefined>> = [];
  const acks: Ack[] = [];
  const sizes: number[] = [];
  /** The server's CPU from each approval's request until every socket showed it, ms. */
  const cpu: number[] = [];
  attendees.record();
  monitor.start();
  const started = now();
  for (const questionId of meeting.questionIds) {
    await sleep(pause());
    const cpuBefore = cpuSeconds(server.process.pid!);
    const ack = await client.acknowledge(voting, () =>
      client.call('POST', `/api/meetings/${meeting.id}/questions/${questionId}/approve`, meeting.moderator, {}),
    );
    if (!ack) throw new Error(`${label}: an approval failed (${voting.firstFailure})`);
    const { arrivals, bytes } = await attendees.shown(questionId);
    cpu.push(1000 * (cpuSeconds(server.process.pid!) - cpuBefore));
    acks.push(ack);
    shown.push(arrivals);
    sizes.push(bytes);
  }
  voting.seconds = (now() - started) / 1000;
  const recording = await attendees.settle(0);
  const window = (now() - started) / 1000;
  const usage = monitor.stop();
  const spread = spreadOf(acks, shown);
  const bytes = `${count(sizes[0])} → ${count(sizes[sizes.length - 1])} B`;
  const result = resultOf(label, voting, spread, recording, usage, window, server.slowSockets() - slowBefore, bytes);
  // How the latency follows the queue's length: the first tenth of the approvals against the last.
  const tenth = Math.max(1, Math.floor(acks.length / 10));
  const p50Of = (from: number, to: number) =>
    percentile(
      sorted(shown.slice(from, to).map((arrivals, i) => Math.max(0, Math.max(...(arrivals as number[])) - acks[from + i].answeredAt))),
      50,
    );
  const meanOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  result.growth = {
    first: p50Of(0, tenth),
    last: p50Of(acks.length - tenth, acks.length),
    firstCpu: meanOf(cpu.slice(0, tenth)),
    lastCpu: meanOf(cpu.slice(-tenth)),
    firstBytes: sizes[0],
    lastBytes: sizes[sizes.length - 1],
  };
  report(result, 'approvals');
  return result;
};

// ─── The report ───────────────────────────────────────────────────────────────────────────────────────────

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–');
const count = (value: number) => Math.round(value).toLocaleString('en-US');

const describeMachine = (load: { start: number; end: number }): string[] => {
  const socketIo = JSON.parse(readFileSync(join(ROOT, 'node_modules/socket.io/package.json'), 'utf8')).version;
  return [
    ...machineLines("the server, the attendees' sockets and the voters"),
    `- Node ${process.version}, socket.io ${socketIo} (websocket transport), SQLite synchronous=FULL (the default)`,
    loadLine(load.start, load.end),
  ];
};

const table = (results: Result[]): string[] => [
  '| Case | Sockets | Acked | Per second | Ack → every socket p50 | p95 | p99 | max | Messages per socket per second | Server CPU (avg / peak 1 s) | Server RSS peak |',
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...results.map(
    (r) =>
      `| ${r.case} | ${count(r.sockets)} | ${count(r.acked)}${r.failures ? ` (${r.failures} failed)` : ''} | ${count(r.perSecond)} | ` +
      `${ms(r.latency.p50)} ms | ${ms(r.latency.p95)} ms | ${ms(r.latency.p99)} ms | ${ms(r.latency.max)} ms | ${r.messagesPerSocket.toFixed(1)} | ` +
      `${r.usage.serverCpu.toFixed(0)} % / ${r.usage.serverCpuPeak.toFixed(0)} % | ${r.usage.serverRssPeak.toFixed(0)} MiB |`,
  ),
];

const byName = (r: Result) =>
  Object.entries(r.byName)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, perSecond]) => `${name} ${perSecond.toFixed(1)}`)
    .join(', ');

const whereTheTimeGoes = (results: Result[]): string[] => [
  "| Case | Ack → first socket has it, p50 / p99 | Fan-out to the last socket, p50 / p99 / max | HTTP p50 / p99 | Message size (attendee / moderator, or first → last approval) | Messages per socket per second, by name | Sockets' process CPU | Voters CPU | Machine busy (of 2 cores) / other processes / stolen | Sockets' loop delay p99 | Slow sockets dropped | Missing |",
  '|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|',
  ...results.map(
    (r) =>
      `| ${r.case} | ${ms(r.firstArrival.p50)} / ${ms(r.firstArrival.p99)} ms | ${ms(r.fanOut.p50)} / ${ms(r.fanOut.p99)} / ${ms(r.fanOut.max)} ms | ` +
      `${ms(r.http.p50)} / ${ms(r.http.p99)} ms | ${r.bytes} | ${byName(r)} | ${r.usage.watchersCpu.toFixed(0)} % | ${r.usage.votersCpu.toFixed(0)} % | ` +
      `${r.usage.machineBusy.toFixed(0)} % / ${r.usage.otherCpu.toFixed(0)} % / ${r.usage.steal.toFixed(0)} % | ${ms(r.recording.loopDelayP99)} ms | ` +
      `${r.slowSockets + r.recording.overflows} | ${r.missing + r.recording.behind} |`,
  ),
];

// ─── Main ─────────────────────────────────────────────────────────────────────────────────────────────────

const main = async () => {
  const load = { start: loadavg()[0], end: 0 };
  buildIfNeeded();
  const server = await startServer({ name: 'meeting' });
  const client = new VotingClient(
    server.url,
    (sub, name, roles) => signJwt({ sub, name, roles }, server.secret),
    MAX_IN_FLIGHT_STEADY,
    CONCURRENCY,
  );
  const attendees = new Attendees();
  const cleanUp = async () => {
    await attendees.close();
    await server.stop();
    client.close();
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  const steadyVotes = RATE * SECONDS;
  const pollsOf = (votes: number) => Math.ceil(votes / ATTENDEES);
  const polls = pollsOf(WARM_UP_VOTES) + pollsOf(steadyVotes) + pollsOf(BURST);
  const results: Result[] = [];
  let subscribing: Subscribing;
  try {
    const setUpStarted = now();
    const meeting = await setUpMeeting(client, server, polls);
    console.error(
      `meeting ${meeting.id}: ${ATTENDEES} attendees checked in, ${polls} polls open, ${APPROVALS} questions pending ` +
        `(${((now() - setUpStarted) / 1000).toFixed(1)} s)`,
    );
    subscribing = await attendees.connect(server.url, `meeting:${meeting.id}`, [...meeting.attendees, meeting.moderator]);
    console.error(
      `${ATTENDEES} attendees and the moderator subscribed in ${subscribing.seconds.toFixed(1)} s, ` +
        `receiving ${count(subscribing.presenceMessages)} presence messages`,
    );
    const monitor = new ResourceMonitor(server.process.pid!, attendees.pid);
    const warmUp = await client.steadily(RATE, WARM_UP_VOTES, pollVotes(client, meeting, 0));
    attendees.record();
    await attendees.settle(Math.max(...warmUp.acks.map((ack) => ack.position)));
    await sleep(500);
    results.push(
      await measureVotes(server, attendees, monitor, `poll votes, ${RATE}/s for ${SECONDS} s`, () =>
        client.steadily(RATE, steadyVotes, pollVotes(client, meeting, pollsOf(WARM_UP_VOTES))),
      ),
    );
    await sleep(500);
    results.push(
      await measureVotes(server, attendees, monitor, `poll votes, burst of ${count(BURST)} (${CONCURRENCY} in flight)`, () =>
        client.inBurst(BURST, CONCURRENCY, pollVotes(client, meeting, pollsOf(WARM_UP_VOTES) + pollsOf(steadyVotes))),
      ),
    );
    await sleep(500);
    results.push(await measureApprovals(server, client, attendees, monitor, meeting, `question approvals, one at a time (${APPROVALS})`));
  } finally {
    await cleanUp();
  }
  load.end = loadavg()[0];

  const [steady, burst, approvals] = results;
  const growth = approvals.growth!;
  const lines = [
    SECTION,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} with \`npx tsx test/bench/meeting.bench.ts\`: the built app in its own process on`,
    `127.0.0.1 with a fresh data folder; a started work table with ${count(ATTENDEES)} attendees checked in, each with their own token and socket.io`,
    `client (websocket) in the room \`meeting:<id>\` in a second process, and the moderator's socket too (it also gets the pending questions);`,
    `votes and approvals sent over HTTP keep-alive from this process. Polls: ${polls} open at once (single choice of ${OPTIONS.length}, live`,
    `results), each voted in by distinct attendees (attendee n mod ${count(ATTENDEES)}), after a warm-up of ${WARM_UP_VOTES} votes; each`,
    `\`poll-results\` carries all ${polls}. Questions: ${APPROVALS} submitted beforehand and approved one at a time, each after the previous one`,
    `showed on every socket and a pause of 0–${2 * TALLY_INTERVAL_MS} ms (a fixed pseudo-random sequence). Latency: from the vote's or the`,
    `approval's HTTP 200 (as \`bench:live\`) until every socket — all ${count(ATTENDEES + 1)} — has a \`poll-results\` with \`position\` ≥ the vote's,`,
    `or a \`queue\` whose \`approved\` list holds the question: the latest of the sockets' first such arrivals, one figure per vote or approval.`,
    `The server sends a room each of its messages at most once every ${TALLY_INTERVAL_MS} ms, so a change waits for that message's next slot:`,
    `up to ${TALLY_INTERVAL_MS} ms by design.`,
    '',
    ...describeMachine(load),
    '',
    ...table(results),
    '',
    'Where the time goes (the same runs):',
    '',
    ...whereTheTimeGoes(results),
    '',
    `Filling the room (${count(ATTENDEES + 1)} sockets, 50 joining at a time, until the presence messages stopped): ${subscribing.seconds.toFixed(1)} s and ` +
      `${count(subscribing.presenceMessages)} presence messages.`,
    `Vote → every socket at ${RATE} votes/s: p99 ${ms(steady.latency.p99)} ms, of which the wait for the slot (ack → first socket) p99 ` +
      `${ms(steady.firstArrival.p99)} ms and the fan-out to ${count(steady.sockets)} sockets p99 ${ms(steady.fanOut.p99)} ms; the burst reached ` +
      `${count(burst.perSecond)} votes/s with p99 ${ms(burst.latency.p99)} ms.`,
    `Approval → every socket: p99 ${ms(approvals.latency.p99)} ms. The \`queue\` message carries the whole approved list, so it grows with ` +
      `each approval (${count(growth.firstBytes)} B at the first, ${count(growth.lastBytes)} B at the ${APPROVALS}th, as one attendee got it) and ` +
      `each send writes it to every socket: over the first tenth of the approvals p50 ${ms(growth.first)} ms and ${ms(growth.firstCpu)} ms of ` +
      `server CPU per approval, over the last tenth p50 ${ms(growth.last)} ms and ${ms(growth.lastCpu)} ms.`,
    '',
  ];
  publishSection(SECTION, lines, ATTENDEES === DEFAULT_ATTENDEES);
};

if (process.argv.includes('--attendees')) {
  runAttendees();
} else {
  runBenchmark(main);
}
