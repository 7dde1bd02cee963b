/**
 * Live tallies across two API nodes: how long after node A acknowledges a vote over HTTP a socket on node B
 * sees a `tally` that includes it, when the vote can only reach B through Kafka — and, for comparison, how long
 * a socket on node A itself waits for the same tally.
 *
 *   npx tsx test/bench/cluster.bench.ts            (npm run bench:cluster)
 *
 * The built app (`nest build`, as the multi-node tests do) runs as two processes on 127.0.0.1 sharing a fresh
 * PostgreSQL schema and a fresh topic on the test Kafka broker (started here when it is not running, and stopped
 * again at the end only then): node A with the relay (it publishes the log to the topic), node B without (it only
 * follows the topic). Through node A: a plan, a working group, PROPOSALS submitted proposals and an open
 * consultation with `tallyVisibility: live`. BENCH_SOCKETS socket.io clients (websocket, distinct viewers) join the
 * consultation's room on each node; this process casts votes on node A over HTTP keep-alive, each by a distinct
 * participant, at a steady rate and then in a burst.
 *
 * With EVENT_BUS=kafka a node's projections, and so its sockets, follow the topic, node A's included: its sockets
 * differ from B's in that A also serves the votes. The in-process baseline is a third run: one node with
 * EVENT_BUS=inprocess on its own fresh schema (its projections follow the store), the same sockets, the same votes.
 *
 * Latency of a vote for one socket: from the vote's HTTP 200 (it carries the vote's global `position`) to the first
 * `tally` on that socket whose `position` is at least that one; every vote × every socket. One process stamps both
 * ends with one monotonic clock. A node sends a room at most one tally per LIVE_TALLY_INTERVAL_MS (50 ms) by design, so every figure
 * includes the wait for that node's next tally slot.
 *
 * BENCH_RATE (default 200 votes/s), BENCH_SECONDS (default 10), BENCH_BURST (default 1000 votes),
 * BENCH_CONCURRENCY (default 32 requests in flight in the burst), BENCH_SOCKETS (default 50 per node).
 * Writes the `## Cluster (npm run bench:cluster)` section of BENCHMARKS.md unless BENCH_NO_WRITE=1.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import type { Role } from '@cocrea/platform';
import { TEST_POSTGRES_URL as POSTGRES_URL, withPostgresClient } from '../../libs/event-store/src/testing/postgres';
import { DEFAULT_TALLY_INTERVAL_MS } from '../../libs/platform/src/config';
import { tokenFor } from '../support/app-harness';
import { kafka, kafkaRunning, startedByThisRun, startKafka, TEST_KAFKA_BROKERS } from '../support/kafka-broker';
import { LiveClient } from '../support/live-client';
import { ApiNode, buildApp, freePort, ROOT, sharedKeys } from '../support/node-process';
import { loadLine, machineLines, publishSection, runBenchmark } from './report';
import { Ack, OpenConsultation, Voting, VotingClient, now, sleep } from './voting';

const SECTION = '## Cluster (npm run bench:cluster)';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 50);
const PROPOSALS = 10;
const WARM_UP_VOTES = 200;
/** A steady run may fall this far behind its schedule before it stops sending: the node is not keeping up. */
const MAX_IN_FLIGHT_STEADY = 128;
const SETTLE_TIMEOUT_MS = 30_000;
const TALLY_INTERVAL_MS = DEFAULT_TALLY_INTERVAL_MS;

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** Node B learns of the consultation only through Kafka: wait until its read models have the opening. */
const awaitConsultation = async (node: ApiNode, consultation: OpenConsultation): Promise<void> => {
  const token = tokenFor('bench-moderator', ['moderator']);
  const url = `${node.url}/api/consultations/${consultation.consultationId}?minPosition=${consultation.position}`;
  for (let attempt = 0; attempt < 30; attempt++) {
    const reply = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (reply?.status === 200) return;
    await sleep(1000);
  }
  throw new Error(`node ${node.name} did not apply position ${consultation.position} within 30 s`);
};

// ─── Watchers ─────────────────────────────────────────────────────────────────────────────────────────────

/** The sockets of one node in the consultation's room, each keeping its tallies as they arrive. */
class Watchers {
  private readonly clients: LiveClient[] = [];
  /** Per socket, [arrivedAt, position] of each tally received while recording. */
  private arrivals: Array<Array<[number, number]>> = [];
  private recording = false;
  private readonly highest: number[] = [];
  overflows = 0;
  disconnects = 0;

  constructor(
    readonly node: ApiNode,
    /** What these sockets are, for the report. */
    readonly label: string,
  ) {}

  async connect(room: string, count: number): Promise<void> {
    for (let start = 0; start < count; start += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, count - start) }, async (_, offset) => {
          const index = start + offset;
          const viewer = tokenFor(`viewer-${this.node.name}-${index}`, ['participant'], `Viewer ${index}`);
          const client = await LiveClient.connect(this.node.url, viewer);
          this.clients[index] = client;
          this.arrivals[index] = [];
          this.highest[index] = 0;
          client.socket.on('tally', (tally: { position: number }) => {
            const arrivedAt = now();
            this.highest[index] = Math.max(this.highest[index], tally.position);
            if (this.recording) this.arrivals[index].push([arrivedAt, tally.position]);
          });
          client.socket.on('overflow', () => this.overflows++);
          client.socket.on('disconnect', () => this.disconnects++);
          const ack = await client.subscribe(room);
          if (!ack.ok) throw new Error(`node ${this.node.name} refused subscribing to ${room}: ${ack.error}`);
        }),
      );
    }
  }

  record(): void {
    this.arrivals = this.arrivals.map(() => []);
    this.recording = true;
  }

  /** Waits until every socket has a tally at `position` or later; returns how many did not within the timeout. */
  async settle(position: number): Promise<number> {
    const deadline = now() + SETTLE_TIMEOUT_MS;
    while (this.highest.some((seen) => seen < position) && now() < deadline) await sleep(20);
    this.recording = false;
    return this.highest.filter((seen) => seen < position).length;
  }

  recorded(): Array<Array<[number, number]>> {
    return this.arrivals;
  }

  close(): void {
    this.clients.forEach((client) => client?.close());
  }
}

// ─── Measuring ────────────────────────────────────────────────────────────────────────────────────────────

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface NodeResult {
  where: string;
  latency: Latency;
  /** Ack → the first socket of the node with the covering tally: the propagation plus the wait for the tally slot. */
  firstArrival: { p50: number; p99: number };
  tallies: number;
  missing: number;
  behind: number;
}

interface Result {
  case: string;
  votes: number;
  failures: number;
  voteRate: number;
  http: { p50: number; p99: number };
  nodes: NodeResult[];
  /** Per vote, B's first arrival − A's first arrival (two nodes only), blurred by the two nodes' tally slots. */
  crossing?: { p50: number; p99: number };
  loopDelayP99: number;
}

/** For each vote, the arrival at each socket of the first tally covering its position (undefined: none came). */
const coveringArrivals = (acks: Ack[], sockets: Array<Array<[number, number]>>): Array<Array<number | undefined>> => {
  const watchers = sockets.map((tallies) => {
    const arrivals: number[] = [];
    const positions: number[] = [];
    for (const [at, position] of tallies) {
      arrivals.push(at);
      positions.push(Math.max(position, positions[positions.length - 1] ?? 0));
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

const sorted = (values: number[]) => values.sort((a, b) => a - b);

const analyseNode = (
  where: string,
  acks: Ack[],
  perVote: Array<Array<number | undefined>>,
  sockets: Array<Array<[number, number]>>,
  behind: number,
): NodeResult => {
  const latencies: number[] = [];
  const firsts: number[] = [];
  let missing = 0;
  perVote.forEach((arrivals, i) => {
    const received = arrivals.filter((at): at is number => at !== undefined);
    missing += arrivals.length - received.length;
    // A tally that arrives before the HTTP 200 (the response was still on its way) counts as 0 ms.
    received.forEach((at) => latencies.push(Math.max(0, at - acks[i].answeredAt)));
    if (received.length > 0) firsts.push(Math.max(0, Math.min(...received) - acks[i].answeredAt));
  });
  sorted(latencies);
  sorted(firsts);
  return {
    where,
    latency: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
    },
    firstArrival: { p50: percentile(firsts, 50), p99: percentile(firsts, 99) },
    tallies: sockets.reduce((sum, tallies) => sum + tallies.length, 0),
    missing,
    behind,
  };
};

const firstOf = (arrivals: Array<number | undefined>) => Math.min(...arrivals.filter((at): at is number => at !== undefined));

const measure = async (label: string, watchers: Watchers[], cast: () => Promise<Voting>): Promise<Result> => {
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  watchers.forEach((sockets) => sockets.record());
  loopDelay.enable();
  const voting = await cast();
  if (voting.acks.length === 0) throw new Error(`${label}: no vote was acknowledged (${voting.firstFailure})`);
  if (voting.failures > 0) console.error(`${label}: ${voting.failures} votes failed, the first: ${voting.firstFailure}`);
  const last = Math.max(...voting.acks.map((ack) => ack.position));
  const behind = await Promise.all(watchers.map((sockets) => sockets.settle(last)));
  loopDelay.disable();
  const perVote = watchers.map((sockets) => coveringArrivals(voting.acks, sockets.recorded()));
  let crossing: Result['crossing'];
  if (watchers.length === 2) {
    const differences = sorted(
      voting.acks.map((_, i) => firstOf(perVote[1][i]) - firstOf(perVote[0][i])).filter((difference) => Number.isFinite(difference)),
    );
    crossing = { p50: percentile(differences, 50), p99: percentile(differences, 99) };
  }
  const http = sorted(voting.acks.map((ack) => ack.answeredAt - ack.sentAt));
  const result: Result = {
    case: label,
    votes: voting.acks.length,
    failures: voting.failures,
    voteRate: voting.acks.length / voting.seconds,
    http: { p50: percentile(http, 50), p99: percentile(http, 99) },
    nodes: watchers.map((sockets, i) => analyseNode(sockets.label, voting.acks, perVote[i], sockets.recorded(), behind[i])),
    crossing,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
  };
  for (const node of result.nodes) {
    console.error(
      `${label}, ${node.where}: ${result.votes} votes at ${result.voteRate.toFixed(0)}/s, vote → tally p50 ${ms(node.latency.p50)} ` +
        `p95 ${ms(node.latency.p95)} p99 ${ms(node.latency.p99)} max ${ms(node.latency.max)} ms, ${node.tallies} tallies, missing ${node.missing}, behind ${node.behind}`,
    );
  }
  return result;
};

// ─── The report ───────────────────────────────────────────────────────────────────────────────────────────

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(Math.abs(value) < 10 ? 1 : 0) : '–');
const count = (value: number) => Math.round(value).toLocaleString('en-US');

const describeMachine = async (load: { start: number; end: number }): Promise<string[]> => {
  const version = (name: string) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  const postgres = await withPostgresClient(async (db) => (await db.query('SHOW server_version')).rows[0].server_version);
  const kafkaVersion = readFileSync(join(ROOT, 'infra/kafka/pom.xml'), 'utf8').match(/<kafka\.version>([^<]+)</)?.[1] ?? '4.x';
  return [
    ...machineLines('both nodes, PostgreSQL, the Kafka broker (JVM) and this process (voters and sockets)'),
    `- Node ${process.version}, socket.io ${version('socket.io')} (websocket transport), kafkajs ${version('kafkajs')}, pg ${version('pg')}`,
    `- PostgreSQL ${postgres} on 127.0.0.1:5432; Apache Kafka ${kafkaVersion} (one KRaft broker+controller, infra/kafka/kafka.sh) on ${TEST_KAFKA_BROKERS.join(', ')}, topic with 1 partition`,
    loadLine(load.start, load.end),
  ];
};

const table = (results: Result[]): string[] => [
  '| Case | Sockets on | Votes acked | Votes/s | Vote → tally p50 | p95 | p99 | max | Ack → first socket p50 / p99 | Tallies missing |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ...results.flatMap((r) =>
    r.nodes.map(
      (node) =>
        `| ${r.case} | ${node.where} | ${count(r.votes)}${r.failures ? ` (${r.failures} failed)` : ''} | ${count(r.voteRate)} | ` +
        `${ms(node.latency.p50)} ms | ${ms(node.latency.p95)} ms | ${ms(node.latency.p99)} ms | ${ms(node.latency.max)} ms | ` +
        `${ms(node.firstArrival.p50)} / ${ms(node.firstArrival.p99)} ms | ${node.missing} |`,
    ),
  ),
];

const details = (results: Result[]): string[] => [
  "| Case | Setup | HTTP vote p50 / p99 | B first − A first, per vote, p50 / p99 | Voters' event-loop delay p99 |",
  '|---|---|--:|--:|--:|',
  ...results.map(
    (r) =>
      `| ${r.case} | ${r.nodes.length === 2 ? 'two nodes' : 'one node'} | ${ms(r.http.p50)} / ${ms(r.http.p99)} ms | ${r.crossing ? `${ms(r.crossing.p50)} / ${ms(r.crossing.p99)} ms` : '–'} | ${ms(r.loopDelayP99)} ms |`,
  ),
];

// ─── Main ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The warm-up, then the steady case and the burst, votes on `voteNode`, tallies watched by `watchers`. */
const runCases = async (voteNode: ApiNode, watchers: Watchers[], label: string): Promise<Result[]> => {
  const votes = new VotingClient(
    voteNode.url,
    (sub, name, roles) => tokenFor(sub, roles as Role[], name),
    MAX_IN_FLIGHT_STEADY,
    CONCURRENCY,
  );
  try {
    return await runCasesWith(votes, voteNode, watchers, label);
  } finally {
    votes.close();
  }
};

const runCasesWith = async (votes: VotingClient, voteNode: ApiNode, watchers: Watchers[], label: string): Promise<Result[]> => {
  const consultation = await votes.openConsultation(label, PROPOSALS);
  for (const sockets of watchers) if (sockets.node !== voteNode) await awaitConsultation(sockets.node, consultation);
  const room = `consultation:${consultation.consultationId}`;
  for (const sockets of watchers) await sockets.connect(room, SOCKETS);
  console.error(`${label}: ${SOCKETS} sockets in ${room} on each node; warming up with ${WARM_UP_VOTES} votes`);
  const warmUp = await votes.castSteadily(consultation, `${label}-warm-up`, RATE, WARM_UP_VOTES);
  await Promise.all(watchers.map((sockets) => sockets.settle(Math.max(...warmUp.acks.map((ack) => ack.position)))));
  await sleep(500);
  const steady = await measure(`${RATE} votes/s for ${SECONDS} s`, watchers, () =>
    votes.castSteadily(consultation, `${label}-steady`, RATE, RATE * SECONDS),
  );
  await sleep(500);
  const burst = await measure(`burst of ${count(BURST)} (${CONCURRENCY} in flight)`, watchers, () =>
    votes.castBurst(consultation, `${label}-burst`, BURST, CONCURRENCY),
  );
  const disconnects = watchers.reduce((sum, sockets) => sum + sockets.disconnects, 0);
  const overflows = watchers.reduce((sum, sockets) => sum + sockets.overflows, 0);
  if (disconnects + overflows > 0)
    console.error(`${label}: ${disconnects} sockets disconnected, ${overflows} told to resubscribe (overflow)`);
  return [steady, burst];
};

const main = async () => {
  const load = { start: loadavg()[0], end: 0 };
  console.error('building the app (nest build)');
  buildApp();
  const run = randomUUID().replace(/-/g, '').slice(0, 12);
  // The broker is left as it was found: started here only when it was not running, and stopped at the end only
  // if the broker running then is still the one this run started (its owner file names this run).
  process.env.COCREA_TEST_RUN ??= `bench-cluster-${run}`;
  const startedBroker = !kafkaRunning();
  if (startedBroker) console.error('starting the test Kafka broker');
  startKafka();

  const schemas = [`cocrea_bench_cluster_${run}`, `cocrea_bench_single_${run}`];
  const topic = `cocrea.bench.cluster.${run}`;
  const keys = sharedKeys();
  const shared = {
    EVENT_STORE: 'postgres',
    ...keys,
    POSTGRES_URL,
    POSTGRES_SCHEMA: schemas[0],
    EVENT_BUS: 'kafka',
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    KAFKA_TOPIC: topic,
  };
  const nodeA = new ApiNode('a', freePort(), { ...shared, NODE_ID: `bench-a-${run}`, KAFKA_RELAY: 'on' });
  const nodeB = new ApiNode('b', freePort() + 1, { ...shared, NODE_ID: `bench-b-${run}`, KAFKA_RELAY: 'off' });
  const single = new ApiNode('single', freePort() + 2, {
    EVENT_STORE: 'postgres',
    ...keys,
    POSTGRES_URL,
    POSTGRES_SCHEMA: schemas[1],
    EVENT_BUS: 'inprocess',
  });
  const nodes = [nodeA, nodeB, single];
  const watchers = [
    new Watchers(nodeA, 'two nodes: node A (votes; relay; fed by Kafka)'),
    new Watchers(nodeB, 'two nodes: node B (fed by Kafka)'),
    new Watchers(single, 'one node, EVENT_BUS=inprocess'),
  ];

  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      watchers.forEach((sockets) => sockets.close());
      await Promise.all(nodes.map((node) => node.stop()));
      nodes.forEach((node) => node.removeData());
      await withPostgresClient(async (db) => {
        for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      });
      if (startedBroker && startedByThisRun()) {
        kafka('stop');
        return;
      }
      // A broker that was already running keeps running, without this run's topic and consumer groups.
      const admin = new Kafka({ clientId: 'cocrea-bench-cluster', brokers: TEST_KAFKA_BROKERS, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
        await admin.deleteGroups([`cocrea-node-bench-a-${run}`, `cocrea-node-bench-b-${run}`]).catch(() => undefined);
      } finally {
        await admin.disconnect();
      }
    })());
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

  let clustered: Result[];
  let alone: Result[];
  try {
    console.error(`starting node A (relay on) and node B (relay off) on schema ${schemas[0]}, topic ${topic}`);
    await nodeA.start();
    await nodeB.start();
    clustered = await runCases(nodeA, [watchers[0], watchers[1]], 'two nodes');
    // The baseline runs alone on the machine: the cluster's sockets and nodes go first.
    watchers[0].close();
    watchers[1].close();
    await Promise.all([nodeA.stop(), nodeB.stop()]);
    console.error(`starting one node with EVENT_BUS=inprocess on schema ${schemas[1]}`);
    await single.start();
    alone = await runCases(single, [watchers[2]], 'one node');
  } catch (error) {
    for (const node of nodes) console.error(`node ${node.name}'s last output:\n${node.log.slice(-3000)}`);
    throw error;
  } finally {
    await cleanUp();
  }
  load.end = loadavg()[0];
  // Each case of the cluster beside the same case on one node.
  const results = clustered.flatMap((result, i) => [result, alone[i]]);

  const lines = [
    SECTION,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} with \`npx tsx test/bench/cluster.bench.ts\`: the built app as two processes on 127.0.0.1`,
    `sharing a fresh PostgreSQL schema and a fresh topic on one Kafka broker. Node A runs the relay (it publishes the log to the topic),`,
    `node B does not. With \`EVENT_BUS=kafka\` every node's projections, and so its sockets, follow the topic, node A's included: node A's`,
    `sockets differ from node B's in that A also serves the votes and runs the relay. The baseline without Kafka runs afterwards, alone:`,
    `one node with \`EVENT_BUS=inprocess\` on its own fresh schema (its projections follow the store, woken by each append).`,
    `Each run: an open consultation over ${PROPOSALS} proposals with \`tallyVisibility: live\`, ${SOCKETS} socket.io clients (websocket,`,
    `distinct viewers) in its room on each node, votes cast on node A (or the single node) over HTTP keep-alive, each by a distinct`,
    `participant, after a warm-up of ${WARM_UP_VOTES}. Latency: from a vote's HTTP 200 to the first \`tally\` with \`position\` ≥ the vote's`,
    `on a socket (every vote × every socket of that node). Each node sends a room at most one tally every ${TALLY_INTERVAL_MS} ms, by design,`,
    `so every figure includes the wait for that node's next tally slot (up to ${TALLY_INTERVAL_MS} ms).`,
    '',
    ...(await describeMachine(load)),
    '',
    ...table(results),
    '',
    ...clustered.map((result, i) => {
      const [viaKafka, inProcess] = [result.nodes[1].latency, alone[i].nodes[0].latency];
      const more = (a: number, b: number) => `${a >= b ? '+' : '−'}${ms(Math.abs(a - b))}`;
      return (
        `- ${result.case}: through Kafka (node B) p50 / p99 ${ms(viaKafka.p50)} / ${ms(viaKafka.p99)} ms, without Kafka (one node) ` +
        `${ms(inProcess.p50)} / ${ms(inProcess.p99)} ms: ${more(viaKafka.p50, inProcess.p50)} / ${more(viaKafka.p99, inProcess.p99)} ms.`
      );
    }),
    '',
    'The same runs: HTTP time of a vote; for each vote, when the first socket of node B had it minus when the first socket of node A',
    "had it (both read the topic; the difference is node A's extra load, blurred by the two nodes' independent tally slots);",
    "and how late this process's event loop ran (it stamps both ends).",
    '',
    ...details(results),
    '',
    'Appends per second on PostgreSQL beside SQLite are in the "Event store on PostgreSQL" section above.',
    '',
  ];
  publishSection(SECTION, lines);
};

runBenchmark(main);
