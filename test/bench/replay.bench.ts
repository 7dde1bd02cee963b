/**
 * Replay throughput: rebuilding every read model of the app from a log of 1,000,000 events, and verifying
 * the hash chain of that log.
 *
 *   npx tsx test/bench/replay.bench.ts            (npm run bench:replay)
 *
 * The log is generated first, in realistic proportions (mostly votes, then section edits and comments, and
 * the plans, working groups, proposals, consultations and commitments they need), with the real event
 * types and data shapes of libs/co-creation, appended through SqliteEventStore in large batches. Each
 * measurement then runs in its own process, so that its peak RSS is its own.
 *
 * BENCH_EVENTS (default 1000000) sets the log's size, BENCH_RUNS (default 3) how often each measurement
 * runs (the table shows the median), BENCH_DIR the folder for the files (default the OS temp folder),
 * BENCH_LOG an existing events file to reuse instead of generating one (kept afterwards), BENCH_PROFILE=1
 * writes a CPU profile of each rebuild run to that folder. Writes the figures to the `## Replay` section of
 * BENCHMARKS.md unless BENCH_NO_WRITE=1.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GENESIS_HASH, verifyChain } from '../../libs/event-store/src/hash-chain';
import type { EventMetadata, NewEvent } from '../../libs/event-store/src/event-store';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../libs/platform/src/projections/projection-runner';
import { RebuildReadModels } from '../../libs/platform/src/projections/read-models/rebuild-read-models';
import { allProjections } from '../../apps/api/src/projections';
import { ballotStream } from '@cocrea/co-creation/consultations';
import type { BallotEvent } from '@cocrea/co-creation/consultations';
import { consultationStream, type ConsultationEvent } from '@cocrea/co-creation/consultations';
import { commentStream, type CommentEvent } from '@cocrea/co-creation/comments';
import { commitmentStream, type CommitmentEvent } from '@cocrea/co-creation/commitments';
import { planStream, type PlanEvent } from '@cocrea/co-creation/plans';
import { BRANCHES, PROPOSAL_SECTIONS, proposalStream, type ProposalEvent, type SectionName } from '@cocrea/co-creation/proposals';
import { workingGroupStream, type WorkingGroupEvent } from '@cocrea/co-creation/working-groups';
import { diskLine, loadLine, machineLines, sqliteVersion, publishSection, runBenchmark } from './report';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
const SECTION = '## Replay (npm run bench:replay)';
const TARGET = 100_000;
/** What profiling found, kept with the figures (update it when the profile changes). */
const WHERE_THE_TIME_GOES = [
  'Before (same log, same machine): 30,555 events/s, when feeds held a copy of each event (read models of 1,137 MiB), documents',
  'were written at the end of every batch and every projection was handed every event. Now feeds hold positions (the read models',
  'come to a third of the log), documents are folded in memory across batches and written once at the end by a second thread,',
  'a worker thread reads the log, and a projection gets only the events of the stream categories it declares.',
  "Where the main thread's time goes now (`node --cpu-prof`, one rebuild, 9.7 s with the profiler): parsing the pages of the log",
  '17 %, serializing the documents and handing them to the writer 17 %, the projections 14 %, garbage collection 10 %,',
  'read-model look-ups and puts 9 %, waiting (for the writer to finish, or for the next page) 7 %, filing feed positions 3 %.',
];
/** Events appended per store transaction while generating: the store's group commit takes a whole tick's appends at once. */
const GENERATION_BATCH = 20_000;
const VERIFY_PAGE = 10_000;
/** Events per rebuild transaction (BENCH_BATCH), the default of `ProjectionRunner.rebuild` unless set. */
const BATCH = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;

type AnyEvent = PlanEvent | WorkingGroupEvent | ProposalEvent | ConsultationEvent | BallotEvent | CommentEvent | CommitmentEvent;

/** A seeded generator, so that every run replays the same log. */
const random = (() => {
  let seed = 20261128;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const SENTENCES = [
  'Publish every public contract in the Open Contracting Data Standard within ten working days of its signature.',
  'Municipal budgets are hard to follow for citizens who do not read accounting tables.',
  'The ministry will open a monthly hearing where civil society can question the procurement office.',
  'Beneficial ownership of companies bidding for public works remains unknown to the public.',
  'A baseline survey in 2024 found that 38 % of requests for information went unanswered.',
  'Extend the opening hours of the public library on Sundays and publish their use as open data.',
  'Train two hundred public servants in plain-language writing and measure the effect on complaints.',
  'Create a single portal for lobbying meetings with the agenda, the participants and the minutes.',
];
const paragraph = () => Array.from({ length: between(2, 5) }, () => pick(SENTENCES)).join(' ');

interface Person {
  id: string;
  name: string;
  roles: string[];
}
const person = (prefix: string, n: number, roles: string[] = ['citizen']): Person => ({
  id: `${prefix}-${n}`,
  name: `${prefix} ${n}`,
  roles,
});
const moderator = person('moderator', 1, ['moderator']);

/** The metadata the command handler records: the actor and the ids of the command. */
const metadataBy = (actor: Person): EventMetadata => {
  const commandId = randomUUID();
  return { actorId: actor.id, actorName: actor.name, roles: actor.roles, commandId, correlationId: commandId, causationId: commandId };
};

/** Appends through the store, a whole batch of appends per tick so that each batch is one transaction. */
class LogWriter {
  private pending: Array<Promise<unknown>> = [];
  private queued = 0;
  written = 0;
  readonly counts = new Map<string, number>();

  constructor(private readonly store: SqliteEventStore) {}

  async append(streamId: string, events: AnyEvent[], actor: Person): Promise<void> {
    const metadata = metadataBy(actor);
    const recorded: NewEvent[] = events.map((event) => ({ type: event.type, data: event.data, metadata }));
    this.pending.push(this.store.appendToStream(streamId, recorded, { expectedRevision: 'any' }));
    for (const event of events) this.counts.set(event.type, (this.counts.get(event.type) ?? 0) + 1);
    this.queued += events.length;
    this.written += events.length;
    if (this.queued >= GENERATION_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending);
    this.pending = [];
    this.queued = 0;
  }
}

interface ProposalPlan {
  id: string;
  planId: string;
  workingGroupId: string;
  members: Person[];
  revision: number;
}

/**
 * A log of `total` events shaped like a country's co-creation cycle: plans with working groups co-editing
 * proposals and discussing them, consultations where thousands vote (and some retract), and the commitments
 * adopted from the accepted proposals with their milestones and progress reports.
 */
const generateLog = async (file: string, total: number): Promise<Map<string, number>> => {
  const store = new SqliteEventStore({ filename: file, synchronous: 'NORMAL' });
  const log = new LogWriter(store);
  const scale = total / 1_000_000;
  const planCount = Math.max(1, Math.round(10 * scale));
  const groupsPerPlan = 8;
  const membersPerGroup = 12;
  const proposalsPerGroup = Math.max(2, Math.round(25 * Math.min(1, scale * 4)));
  const consultationsPerPlan = 2;
  const edits = Math.round(0.15 * total);
  const comments = Math.round(0.09 * total);

  const proposals: ProposalPlan[] = [];
  const commentIds: string[] = [];
  const comment = async (targetType: 'proposal' | 'consultation' | 'commitment', targetId: string) => {
    const commentId = randomUUID();
    const author = person('citizen', between(1, 50_000));
    const parentId = commentIds.length > 0 && random() < 0.3 ? pick(commentIds) : undefined;
    commentIds.push(commentId);
    if (commentIds.length > 1000) commentIds.splice(0, 500);
    await log.append(
      commentStream(commentId),
      [
        {
          type: 'CommentPosted',
          data: { commentId, targetType, targetId, parentId, body: paragraph(), authorId: author.id, authorName: author.name },
        },
      ],
      author,
    );
    if (random() < 0.05) {
      const decision = { commentId, reason: 'Off-topic advertising', moderatorId: moderator.id, moderatorName: moderator.name };
      await log.append(commentStream(commentId), [{ type: 'CommentHidden', data: decision }], moderator);
    }
  };

  const plans: Array<{ id: string; proposals: ProposalPlan[] }> = [];
  for (let p = 0; p < planCount; p++) {
    const planId = randomUUID();
    const themes = ['transparency', 'participation', 'integrity', 'open-data'];
    await log.append(
      planStream(planId),
      [
        {
          type: 'PlanCreated',
          data: { planId, title: `Plan de Acción ${p + 1}`, country: 'CO', periodStart: '2026-07-01', periodEnd: '2028-06-30', themes },
        },
      ],
      moderator,
    );
    const planProposals: ProposalPlan[] = [];
    for (let g = 0; g < groupsPerPlan; g++) {
      const workingGroupId = randomUUID();
      await log.append(
        workingGroupStream(workingGroupId),
        [{ type: 'WorkingGroupFormed', data: { workingGroupId, planId, name: `Mesa ${g + 1}`, theme: themes[g % themes.length] } }],
        moderator,
      );
      const members = Array.from({ length: membersPerGroup }, (_, m) => person('member', p * 1000 + g * 100 + m));
      for (const [m, member] of members.entries()) {
        await log.append(
          workingGroupStream(workingGroupId),
          [{ type: 'MemberAdded', data: { workingGroupId, userId: member.id, role: m === 0 ? 'lead' : 'member' } }],
          moderator,
        );
      }
      for (let n = 0; n < proposalsPerGroup; n++) {
        const proposalId = randomUUID();
        const author = pick(members);
        const sections = { problem: paragraph(), objective: paragraph(), description: paragraph() };
        await log.append(
          proposalStream(proposalId),
          [
            {
              type: 'ProposalDrafted',
              data: {
                proposalId,
                planId,
                workingGroupId,
                title: `Proposal ${p}.${g}.${n}`,
                leadEntity: 'Secretaría de Transparencia',
                branch: pick(BRANCHES),
                themes: [themes[g % themes.length]],
                sections,
              },
            },
          ],
          author,
        );
        planProposals.push({ id: proposalId, planId, workingGroupId, members, revision: 1 });
      }
    }
    proposals.push(...planProposals);
    plans.push({ id: planId, proposals: planProposals });
  }

  // Co-creation: members edit sections and retitle, the public comments on the drafts.
  const editShare = edits / (edits + comments * 0.55);
  for (let done = 0; done < edits;) {
    if (random() < editShare) {
      const proposal = pick(proposals);
      const editor = pick(proposal.members);
      const event: ProposalEvent =
        random() < 0.05
          ? {
              type: 'ProposalRetitled',
              data: { proposalId: proposal.id, title: `${paragraph().slice(0, 60)}`, baseRevision: proposal.revision },
            }
          : {
              type: 'ProposalSectionEdited',
              data: {
                proposalId: proposal.id,
                section: pick(PROPOSAL_SECTIONS) as SectionName,
                text: paragraph(),
                baseRevision: proposal.revision,
              },
            };
      await log.append(proposalStream(proposal.id), [event], editor);
      proposal.revision++;
      done++;
    } else {
      await comment('proposal', pick(proposals).id);
    }
  }

  // Prioritisation: every proposal is submitted, each plan consults on its proposals, people vote.
  for (const proposal of proposals) {
    await log.append(proposalStream(proposal.id), [{ type: 'ProposalSubmitted', data: { proposalId: proposal.id } }], proposal.members[0]);
  }
  const consultations: Array<{ id: string; proposalIds: string[] }> = [];
  for (const plan of plans) {
    await log.append(
      planStream(plan.id),
      [{ type: 'PlanPhaseChanged', data: { planId: plan.id, from: 'co-creation', to: 'consultation' } }],
      moderator,
    );
    for (let c = 0; c < consultationsPerPlan; c++) {
      const consultationId = randomUUID();
      const proposalIds = plan.proposals.filter((_, i) => i % consultationsPerPlan === c).map((proposal) => proposal.id);
      const rules = { maxVotesPerParticipant: 5, allowRetraction: true, tallyVisibility: pick(['live', 'after-close'] as const) };
      await log.append(
        consultationStream(consultationId),
        [{ type: 'ConsultationScheduled', data: { consultationId, planId: plan.id, title: `Priorización ${c + 1}`, proposalIds, rules } }],
        moderator,
      );
      await log.append(consultationStream(consultationId), [{ type: 'ConsultationOpened', data: { consultationId } }], moderator);
      consultations.push({ id: consultationId, proposalIds });
    }
  }
  // What is left of the budget, less the closing events and commitments, goes to votes and the comments between them.
  const acceptedShare = 0.4;
  const commitmentEvents = Math.round(proposals.length * acceptedShare) * 8;
  const closing = consultations.length + proposals.length + plans.length * 3 + commitmentEvents;
  const commentsLeft = Math.max(0, comments - commentIds.length);
  let participants = 0;
  while (log.written < total - closing - commentsLeft * 0.45) {
    if (random() < 0.03) {
      await comment('consultation', pick(consultations).id);
      continue;
    }
    const consultation = pick(consultations);
    const voter = person('voter', ++participants);
    const stream = ballotStream(consultation.id, voter.id);
    const votes = new Set<string>();
    for (let v = between(1, 5); v > 0; v--) votes.add(pick(consultation.proposalIds));
    for (const proposalId of votes) {
      await log.append(
        stream,
        [{ type: 'VoteCast', data: { consultationId: consultation.id, participantId: voter.id, proposalId } }],
        voter,
      );
    }
    if (random() < 0.12) {
      const proposalId = [...votes][0];
      await log.append(
        stream,
        [{ type: 'VoteRetracted', data: { consultationId: consultation.id, participantId: voter.id, proposalId } }],
        voter,
      );
    }
  }
  for (const consultation of consultations) {
    await log.append(
      consultationStream(consultation.id),
      [{ type: 'ConsultationClosed', data: { consultationId: consultation.id } }],
      moderator,
    );
  }

  // Adoption: the accepted proposals become commitments, followed up with milestones and progress reports.
  const commitments: string[] = [];
  for (const plan of plans) {
    for (const [i, proposal] of plan.proposals.entries()) {
      const accepted = i < plan.proposals.length * acceptedShare;
      await log.append(
        proposalStream(proposal.id),
        [
          accepted
            ? { type: 'ProposalAccepted', data: { proposalId: proposal.id, reason: 'Prioritised by the consultation' } }
            : { type: 'ProposalRejected', data: { proposalId: proposal.id, reason: 'Not prioritised' } },
        ],
        moderator,
      );
      proposal.revision++;
      if (!accepted) continue;
      const commitmentId = randomUUID();
      commitments.push(commitmentId);
      await log.append(
        commitmentStream(commitmentId),
        [
          {
            type: 'CommitmentAdopted',
            data: {
              commitmentId,
              proposalId: proposal.id,
              proposalRevision: proposal.revision,
              planId: plan.id,
              workingGroupId: proposal.workingGroupId,
              title: `Commitment from ${proposal.id.slice(0, 8)}`,
              leadEntity: 'Secretaría de Transparencia',
              branch: 'executive',
              themes: ['transparency'],
            },
          },
        ],
        moderator,
      );
      const milestones = [randomUUID(), randomUUID(), randomUUID()];
      for (const [m, milestoneId] of milestones.entries()) {
        await log.append(
          commitmentStream(commitmentId),
          [
            {
              type: 'MilestoneAdded',
              data: {
                commitmentId,
                milestoneId,
                title: `Milestone ${m + 1}`,
                deliverable: 'A published dataset',
                startDate: '2026-09-01',
                endDate: '2027-06-30',
              },
            },
          ],
          proposal.members[0],
        );
      }
      for (let r = 0; r < 4; r++) {
        const reporter = proposal.members[0];
        await log.append(
          commitmentStream(commitmentId),
          [
            {
              type: 'ProgressReported',
              data: {
                commitmentId,
                reportId: randomUUID(),
                milestoneId: milestones[r % 3],
                completion: pick(['limited', 'substantial', 'complete'] as const),
                note: paragraph(),
                evidenceUrl: 'https://datos.gov.co/d/abcd-1234',
                reporterId: reporter.id,
                reporterName: reporter.name,
              },
            },
          ],
          reporter,
        );
      }
    }
    for (const [from, to] of [
      ['consultation', 'adopted'],
      ['adopted', 'implementation'],
    ] as const) {
      await log.append(planStream(plan.id), [{ type: 'PlanPhaseChanged', data: { planId: plan.id, from, to } }], moderator);
    }
  }
  // The public keeps commenting on the commitments until the log has its size.
  while (log.written < total)
    await comment(
      commitments.length > 0 ? 'commitment' : 'proposal',
      pick(commitments.length > 0 ? commitments : proposals.map((p) => p.id)),
    );
  await log.flush();
  await store.close();
  return log.counts;
};

interface Measurement {
  events: number;
  seconds: number;
  perSecond: number;
  /** Peak resident set size of the measuring process, bytes. */
  peakRss: number;
}

/** Rebuilds every read model of the app from the log into a fresh file, as `npm run rebuild` does. */
const measureRebuild = async (eventsFile: string, readModelsFile: string): Promise<Measurement> => {
  const store = new SqliteEventStore({ filename: eventsFile });
  const readModels = new RebuildReadModels(readModelsFile);
  const runner = new ProjectionRunner(store, readModels);
  allProjections.forEach((projection) => runner.register(projection));
  const started = process.hrtime.bigint();
  const events = await runner.rebuild(BATCH);
  await readModels.finish(); // writes the documents of the scratch file: part of the rebuild
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return { events, seconds, perSecond: events / seconds, peakRss: process.resourceUsage().maxRSS * 1024 };
};

/** Recomputes the hash chain over the whole log, read in pages as the audit endpoint reads it. */
const measureVerify = async (eventsFile: string): Promise<Measurement> => {
  const store = new SqliteEventStore({ filename: eventsFile });
  const started = process.hrtime.bigint();
  let previous = { hash: GENESIS_HASH, position: 0 };
  let checked = 0;
  for (;;) {
    const page = await store.readAll({ after: previous.position, maxCount: VERIFY_PAGE });
    if (page.length === 0) break;
    const result = verifyChain(page, previous.hash, previous.position);
    if (!result.ok) throw new Error(`the chain breaks at position ${result.firstBadPosition}`);
    checked += result.checked;
    previous = { hash: result.lastHash, position: page[page.length - 1].position };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return { events: checked, seconds, perSecond: checked / seconds, peakRss: process.resourceUsage().maxRSS * 1024 };
};

/**
 * The Node flags `npm run rebuild` runs with (its script in package.json: `node <flags> --import tsx ...`), so that
 * the benchmark measures the process a rebuild runs in (a larger young generation: fewer, cheaper scavenges).
 */
const rebuildFlags = (): string[] => {
  const script: string = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).scripts.rebuild;
  const words = script.split(/\s+/);
  return words.slice(1, words.indexOf('--import')).filter((word) => word.startsWith('--'));
};

/** Runs one measurement in a fresh process of its own (its peak RSS is then its own), and returns what it measured. */
const inChild = (args: string[], profileDir?: string): Measurement => {
  const node = [...rebuildFlags(), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx'];
  const output = execFileSync(process.execPath, [...node, __filename, ...args], {
    encoding: 'utf8',
    env: { ...process.env },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
};

const median = (runs: Measurement[]): Measurement & { spread: [number, number] } => {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  return { ...sorted[Math.floor(sorted.length / 2)], spread: [sorted[0].perSecond, sorted[sorted.length - 1].perSecond] };
};

const describeMachine = (loadAtStart: number): string[] => [
  ...machineLines(),
  `- Node ${process.version}, SQLite ${sqliteVersion()} (better-sqlite3)`,
  diskLine(BENCH_DIR),
  loadLine(loadAtStart),
];

const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

const main = async () => {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'rebuild') return console.log(JSON.stringify(await measureRebuild(args[0], args[1])));
  if (mode === 'verify') return console.log(JSON.stringify(await measureVerify(args[0])));
  if (mode === 'generate') {
    const counts = await generateLog(args[0], EVENTS);
    return console.log(JSON.stringify(Object.fromEntries(counts)));
  }

  const loadAtStart = loadavg()[0];
  const dir = mkdtempSync(join(BENCH_DIR, 'cocrea-bench-replay-'));
  try {
    const eventsFile = process.env.BENCH_LOG ?? join(dir, 'events.db');
    let generation = '';
    let counts: Record<string, number>;
    if (process.env.BENCH_LOG && existsSync(eventsFile)) {
      const db = new Database(eventsFile, { readonly: true });
      counts = Object.fromEntries(
        db
          .prepare<[], { type: string; n: number }>('SELECT type, count(*) AS n FROM events GROUP BY type')
          .all()
          .map((r) => [r.type, r.n]),
      );
      db.close();
      generation = `reused the log in ${eventsFile}`;
    } else {
      const started = process.hrtime.bigint();
      counts = JSON.parse(
        execFileSync(process.execPath, [require.resolve('tsx/cli'), __filename, 'generate', eventsFile], { encoding: 'utf8' }).trim(),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      generation = `generated in ${seconds.toFixed(1)} s`;
    }
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    console.error(`log: ${formatCount(total)} events, ${generation}, ${mib(statSync(eventsFile).size)}`);

    const rebuilds: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      const readModelsFile = join(dir, `read-models-${run}.db`);
      rebuilds.push(inChild(['rebuild', eventsFile, readModelsFile], process.env.BENCH_PROFILE === '1' ? dir : undefined));
      console.error(
        `rebuild run ${run + 1}: ${formatCount(rebuilds[run].perSecond)} events/s, ${rebuilds[run].seconds.toFixed(2)} s, peak RSS ${mib(rebuilds[run].peakRss)}`,
      );
      if (run < RUNS - 1) for (const suffix of ['', '-wal', '-shm']) rmSync(readModelsFile + suffix, { force: true });
    }
    const readModelsSize = statSync(join(dir, `read-models-${RUNS - 1}.db`)).size;
    const verifies: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      verifies.push(inChild(['verify', eventsFile]));
      console.error(`verify run ${run + 1}: ${formatCount(verifies[run].perSecond)} events/s`);
    }
    const rebuild = median(rebuilds);
    const verify = median(verifies);

    const share = (types: string[]) => types.reduce((sum, type) => sum + (counts[type] ?? 0), 0);
    const percent = (n: number) => `${((100 * n) / total).toFixed(1)} %`;
    const votes = share(['VoteCast', 'VoteRetracted']);
    const edits = share(['ProposalSectionEdited', 'ProposalRetitled']);
    const comments = share(['CommentPosted', 'CommentHidden', 'CommentRestored']);
    const row = (name: string, m: ReturnType<typeof median>) =>
      `| ${name} | ${formatCount(m.events)} | ${m.seconds.toFixed(2)} | ${formatCount(m.perSecond)} | ${m.spread.map(formatCount).join(' – ')} | ${mib(m.peakRss)} |`;
    const lines = [
      SECTION,
      '',
      `Measured on ${new Date().toISOString().slice(0, 10)} with \`npx tsx test/bench/replay.bench.ts\` on a generated log of ${formatCount(total)} events`,
      `(${mib(statSync(eventsFile).size)} of SQLite): votes ${percent(votes)} (${formatCount(counts.VoteCast ?? 0)} VoteCast, ${formatCount(counts.VoteRetracted ?? 0)} VoteRetracted),`,
      `section edits and retitles ${percent(edits)}, comments and moderation ${percent(comments)}, and the rest ${percent(total - votes - edits - comments)}:`,
      `${formatCount(counts.PlanCreated ?? 0)} plans, ${formatCount(counts.WorkingGroupFormed ?? 0)} working groups, ${formatCount(counts.ProposalDrafted ?? 0)} proposals,`,
      `${formatCount(counts.ConsultationScheduled ?? 0)} consultations and ${formatCount(counts.CommitmentAdopted ?? 0)} commitments with their milestones and progress.`,
      `Each measurement ran in a fresh process (\`node ${rebuildFlags().join(' ')}\`, as \`npm run rebuild\`; peak RSS is that process's), ` +
        `${RUNS} times; the table shows the median run.`,
      `Rebuild: every read model of the app (\`allProjections\`, as \`npm run rebuild\`) into a fresh file (${mib(readModelsSize)} after the run):`,
      `\`ProjectionRunner.rebuild\` reading the log through \`SqliteEventStore.readAllPages\` (a worker thread), then \`RebuildReadModels.finish\`.`,
      `Verify: \`verifyChain\` over the whole log read in pages of ${formatCount(VERIFY_PAGE)}.`,
      '',
      ...describeMachine(loadAtStart),
      '',
      `| Case | Events | Seconds | Events/s (median of ${RUNS}) | Slowest – fastest run | Peak RSS |`,
      '|---|--:|--:|--:|--:|--:|',
      row('rebuild all read models', rebuild),
      row('verify the hash chain', verify),
      '',
      `Target: rebuild at ${formatCount(TARGET)} events/s or faster — measured ${formatCount(rebuild.perSecond)} events/s (${rebuild.perSecond >= TARGET ? 'met' : 'missed'}).`,
      '',
      ...WHERE_THE_TIME_GOES,
      '',
    ];
    publishSection(SECTION, lines);
  } finally {
    if (process.env.BENCH_PROFILE !== '1') rmSync(dir, { recursive: true, force: true });
    else console.error(`profiles kept in ${dir}`);
  }
};

runBenchmark(main);
