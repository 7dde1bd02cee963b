import { Agent, request as httpRequest } from 'node:http';

/**
 * The load the live, meeting and cluster benchmarks put on a server: an open consultation, and votes from distinct
 * participants over keep-alive HTTP, cast on a schedule or as a burst, each acknowledgement stamped.
 */

/** Milliseconds on the system-wide monotonic clock, comparable between the processes of one machine. */
export const now = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;

export const sleep = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms));

export interface Reply {
  status: number;
  body: any;
  answeredAt: number;
}

export interface Ack {
  sentAt: number;
  answeredAt: number;
  position: number;
}

export interface Voting {
  acks: Ack[];
  failures: number;
  firstFailure?: string;
  seconds: number;
}

export interface OpenConsultation {
  consultationId: string;
  proposalIds: string[];
  /** Where the opening landed in the log. */
  position: number;
}

export type Sign = (sub: string, name: string, roles: string[]) => string;

export const expectOk = async (reply: Promise<Reply>, what: string): Promise<any> => {
  const { status, body } = await reply;
  if (status !== 200 && status !== 201) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
};

export class VotingClient {
  /** Keep-alive connections: the votes measure the server, not TCP handshakes. */
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    private readonly sign: Sign,
    private readonly maxInFlightSteady: number,
    burstConcurrency: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: Math.max(burstConcurrency, maxInFlightSteady) });
  }

  call(method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
    const url = `${this.baseUrl}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolveReply, reject) => {
      const req = httpRequest(url, { method, headers, agent: this.agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const answeredAt = now();
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolveReply({ status: res.statusCode ?? 0, body: parsed, answeredAt });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A plan, a working group, `proposals` submitted proposals and an open consultation over them with live tallies. */
  async openConsultation(label: string, proposals: number): Promise<OpenConsultation> {
    const moderator = this.sign('bench-moderator', 'Bench Moderator', ['moderator']);
    const plan = await expectOk(
      this.call('POST', '/api/plans', moderator, {
        title: `Benchmark plan (${label})`,
        country: 'CO',
        periodStart: '2026-01-01',
        periodEnd: '2027-12-31',
        themes: ['transparency'],
      }),
      'create the plan',
    );
    const group = await expectOk(
      this.call('POST', '/api/working-groups', moderator, { planId: plan.id, name: 'Mesa de transparencia', theme: 'transparency' }),
      'create the working group',
    );
    const proposalIds: string[] = [];
    for (let i = 0; i < proposals; i++) {
      const proposal = await expectOk(
        this.call('POST', '/api/proposals', moderator, {
          planId: plan.id,
          workingGroupId: group.id,
          title: `Proposal ${i + 1}`,
          leadEntity: 'Secretaría de Transparencia',
          branch: 'executive',
          themes: ['transparency'],
          sections: { problem: 'Contracts are hard to follow', objective: 'Publish them as open data', description: '…' },
        }),
        'draft a proposal',
      );
      await expectOk(this.call('POST', `/api/proposals/${proposal.id}/submit`, moderator), 'submit a proposal');
      proposalIds.push(proposal.id);
    }
    const consultation = await expectOk(
      this.call('POST', '/api/consultations', moderator, {
        planId: plan.id,
        title: `Priorización (${label})`,
        proposalIds,
        rules: { maxVotesPerParticipant: 1, allowRetraction: false, tallyVisibility: 'live' },
      }),
      'schedule the consultation',
    );
    const opened = await expectOk(this.call('POST', `/api/consultations/${consultation.id}/open`, moderator), 'open the consultation');
    return { consultationId: consultation.id, proposalIds, position: opened.position };
  }

  /** `count` votes at `rate` a second, on schedule; the tokens are signed ahead so signing is not timed. */
  castSteadily(consultation: OpenConsultation, label: string, rate: number, count: number): Promise<Voting> {
    const tokens = this.voters(label, count);
    return this.steadily(rate, count, (n, voting) => this.castVote(consultation, tokens[n], n, voting));
  }

  /** `count` votes as fast as the server answers, `concurrency` in flight. */
  castBurst(consultation: OpenConsultation, label: string, count: number, concurrency: number): Promise<Voting> {
    const tokens = this.voters(label, count);
    return this.inBurst(count, concurrency, (n, voting) => this.castVote(consultation, tokens[n], n, voting));
  }

  /** `count` requests at `rate` a second, on schedule: `cast(n, voting)` sends the n-th and stamps its answer into `voting`. */
  async steadily(rate: number, count: number, cast: (n: number, voting: Voting) => Promise<void>): Promise<Voting> {
    const voting: Voting = { acks: [], failures: 0, seconds: 0 };
    const pending = new Set<Promise<void>>();
    const started = now();
    const deadline = started + (1000 * count) / rate + 30_000;
    let sent = 0;
    while (sent < count && now() < deadline) {
      const due = Math.min(count, Math.floor(((now() - started) * rate) / 1000) + 1);
      while (sent < due && pending.size < this.maxInFlightSteady) {
        const vote = cast(sent, voting).then(() => {
          pending.delete(vote);
        });
        pending.add(vote);
        sent++;
      }
      await sleep(2);
    }
    await Promise.all(pending);
    voting.seconds = (now() - started) / 1000;
    return voting;
  }

  /** `count` requests as fast as the server answers, `concurrency` in flight: `cast(n, voting)` as for `steadily`. */
  async inBurst(count: number, concurrency: number, cast: (n: number, voting: Voting) => Promise<void>): Promise<Voting> {
    const voting: Voting = { acks: [], failures: 0, seconds: 0 };
    let next = 0;
    const started = now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await cast(next++, voting);
      }),
    );
    voting.seconds = (now() - started) / 1000;
    return voting;
  }

  /** Sends a command and stamps its answer into `voting`: an acknowledgement (200 with a `position`) or a failure. */
  async acknowledge(voting: Voting, send: () => Promise<Reply>): Promise<Ack | undefined> {
    const sentAt = now();
    try {
      const reply = await send();
      if (reply.status === 200 && typeof reply.body?.position === 'number') {
        const ack = { sentAt, answeredAt: reply.answeredAt, position: reply.body.position };
        voting.acks.push(ack);
        return ack;
      }
      voting.failures++;
      voting.firstFailure ??= `${reply.status} ${JSON.stringify(reply.body)}`;
    } catch (error) {
      voting.failures++;
      voting.firstFailure ??= String(error);
    }
    return undefined;
  }

  close(): void {
    this.agent.destroy();
  }

  private voters(label: string, count: number): string[] {
    return Array.from({ length: count }, (_, n) => this.sign(`voter-${label}-${n}`, `Voter ${n}`, ['participant']));
  }

  private async castVote(consultation: OpenConsultation, token: string, n: number, voting: Voting): Promise<void> {
    const proposalId = consultation.proposalIds[n % consultation.proposalIds.length];
    await this.acknowledge(voting, () => this.call('PUT', `/api/consultations/${consultation.consultationId}/votes/${proposalId}`, token));
  }
}
