import { randomUUID } from 'node:crypto';
import { TEST_POSTGRES_URL as POSTGRES_URL, withPostgresClient } from '../../libs/event-store/src/testing/postgres';
import { LiveClient } from '../support/live-client';
import { kafka, startKafka, TEST_KAFKA_BROKERS } from '../support/kafka-broker';
import { ApiNode, buildApp, freePort, sharedKeys } from '../support/node-process';
import { people, tokenFor } from '../support/app-harness';

/**
 * Two API nodes in their own processes sharing one PostgreSQL log and one real Kafka topic: node A runs the
 * relay, node B only follows the topic. Commands on one node reach sockets on the other; nodes, the relay
 * and Kafka itself fail mid-stream, and no client ever misses or repeats an event.
 */
describe('two API nodes on PostgreSQL and Kafka', () => {
  const schema = `cocrea_nodes_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const topic = `cocrea.nodes.${randomUUID()}`;
  const keys = sharedKeys();
  const shared = {
    EVENT_STORE: 'postgres',
    ...keys,
    POSTGRES_URL,
    POSTGRES_SCHEMA: schema,
    EVENT_BUS: 'kafka',
    KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','),
    KAFKA_TOPIC: topic,
  };
  const nodeA = new ApiNode('a', freePort(), { ...shared, NODE_ID: `a-${topic}`, KAFKA_RELAY: 'on' });
  const nodeB = new ApiNode('b', freePort() + 1, { ...shared, NODE_ID: `b-${topic}`, KAFKA_RELAY: 'off' });
  const clients: LiveClient[] = [];
  let planId: string;
  let groupId: string;

  beforeAll(async () => {
    startKafka();
    buildApp();
    await nodeA.start();
    await nodeB.start();
    planId = (
      await nodeA.request('POST', '/api/plans', people.moderator, {
        title: 'P',
        country: 'CO',
        periodStart: '2020-01-01',
        periodEnd: '2021-01-01',
        themes: ['t'],
      })
    ).body.id;
    groupId = (await nodeA.request('POST', '/api/working-groups', people.moderator, { planId, name: 'G', theme: 't' })).body.id;
    await nodeA.request('POST', `/api/working-groups/${groupId}/members`, people.moderator, { userId: 'ana', role: 'member' });
  }, 300_000);

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await Promise.all([nodeA.stop(), nodeB.stop()]);
    nodeA.removeData();
    nodeB.removeData();
    await withPostgresClient((db) => db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  }, 120_000);

  const connect = async (node: ApiNode) => {
    const client = await LiveClient.connect(node.url, people.beto);
    clients.push(client);
    return client;
  };

  const draft = async (node: ApiNode, title: string) =>
    (
      await node.request('POST', '/api/proposals', people.ana, {
        planId,
        workingGroupId: groupId,
        title,
        leadEntity: 'E',
        branch: 'executive',
        themes: ['t'],
        sections: { problem: 'p', objective: 'o', description: 'd' },
      })
    ).body as { id: string; revision: number; position: number };

  /** Every event of a proposal's stream, from the log as node A's auditors see it. */
  const logOf = async (proposalId: string) => {
    const token = people.auditor;
    const { body } = await nodeA.request('GET', `/api/audit/streams/proposal-${proposalId}`, token);
    return (body.events as Array<{ position: number }>).map((e) => e.position);
  };

  it('delivers a command on node A to a socket on node B', async () => {
    const proposal = await draft(nodeA, 'Across nodes');
    const watcher = await connect(nodeB);
    expect((await watcher.subscribe(`proposal:${proposal.id}`, 0)).ok).toBe(true);
    await watcher.until(() => watcher.events.length === 1, 'the draft on node B');
    const edit = await nodeA.request('PATCH', `/api/proposals/${proposal.id}`, people.ana, {
      expectedRevision: 1,
      changes: { problem: 'from A' },
    });
    await watcher.until(() => watcher.events.length === 2, 'the live edit on node B');
    expect(watcher.events[1]).toMatchObject({ type: 'ProposalSectionEdited', position: edit.body.position, data: { text: 'from A' } });
    // And node B serves its own read models at that position.
    const read = await nodeB.request('GET', `/api/proposals/${proposal.id}?minPosition=${edit.body.position}`, people.ana);
    expect(read.body.sections.problem).toBe('from A');
  });

  it('signs with one deployment key on both nodes: checkpoints from either verify on the other', async () => {
    const [fromA, fromB] = [
      (await nodeA.request('GET', '/api/audit/checkpoint', people.auditor)).body,
      (await nodeB.request('GET', '/api/audit/checkpoint', people.auditor)).body,
    ];
    expect(fromA.keyId).toBe(fromB.keyId);
    const [keysA, keysB] = [
      (await nodeA.request('GET', '/api/audit/keys', people.auditor)).body,
      (await nodeB.request('GET', '/api/audit/keys', people.auditor)).body,
    ];
    expect(keysA).toEqual(keysB);
    expect(keysA).toHaveLength(1);
    expect((await nodeA.request('GET', '/api/audit/public-key', people.auditor)).body).toEqual(
      (await nodeB.request('GET', '/api/audit/public-key', people.auditor)).body,
    );
    for (const [node, checkpoint] of [
      [nodeB, fromA],
      [nodeA, fromB],
    ] as const) {
      const verified = await node.request(
        'GET',
        `/api/audit/verify?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`,
        people.auditor,
      );
      expect(verified.body).toMatchObject({ ok: true, checkpoint: { extended: true, signatureValid: true } });
    }
  });

  it('keeps a consultation schedule on both nodes, and records each step once', async () => {
    const proposal = await draft(nodeA, 'Scheduled');
    await nodeA.request('POST', `/api/proposals/${proposal.id}/submit`, people.ana);
    const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
    const created = await nodeA.request('POST', '/api/consultations', people.moderator, {
      planId,
      title: 'On time',
      proposalIds: [proposal.id],
      rules: { maxVotesPerParticipant: 1, allowRetraction: true, tallyVisibility: 'live' },
      opensAt: inMs(2_000),
      closesAt: inMs(4_000),
    });
    expect(created.status).toBe(201);
    const stream = async () => {
      const { body } = await nodeB.request('GET', `/api/audit/streams/consultation-${created.body.id}`, people.auditor);
      return (body.events as Array<{ type: string; metadata: { actorId: string } }>).map((e) => `${e.type} by ${e.metadata.actorId}`);
    };
    const deadline = Date.now() + 30_000;
    while (!(await stream()).includes('ConsultationClosed by schedule') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    // Both nodes woke for each step; the second to try was answered with the first's result.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await stream()).toEqual(['ConsultationScheduled by mod-1', 'ConsultationOpened by schedule', 'ConsultationClosed by schedule']);
  });

  it('lets a client of a node killed mid-stream resume on the other node without gap or duplicate', async () => {
    const proposal = await draft(nodeA, 'Node B dies');
    const room = `proposal:${proposal.id}`;
    const onB = await connect(nodeB);
    await onB.subscribe(room, 0);
    let revision = 1;
    const edits = (async () => {
      for (let i = 0; i < 60; i++) {
        const response = await nodeA.request('PATCH', `/api/proposals/${proposal.id}`, people.ana, {
          expectedRevision: revision,
          changes: { problem: `edit ${i}` },
        });
        revision = response.body.revision;
      }
    })();
    await onB.until(() => onB.events.length >= 15, 'some edits on node B');
    await nodeB.kill();
    const seen = onB.events.map((e) => e.position);
    const onA = await connect(nodeA);
    await onA.subscribe(room, seen[seen.length - 1]);
    await edits;
    const log = await logOf(proposal.id);
    await onA.until(() => onA.events.length + seen.length >= log.length, 'the rest on node A');
    expect([...seen, ...onA.events.map((e) => e.position)]).toEqual(log);
    await nodeB.start();
  });

  it('resumes the relay after a crash without loss, and without double effects on the other node', async () => {
    // An open consultation: its tally is a counter, so an event applied twice on node B would show.
    const proposal = await draft(nodeA, 'Counted once');
    await nodeA.request('POST', `/api/proposals/${proposal.id}/submit`, people.ana);
    const consultation = (
      await nodeA.request('POST', '/api/consultations', people.moderator, {
        planId,
        title: 'Counted once',
        proposalIds: [proposal.id],
        rules: { maxVotesPerParticipant: 1, allowRetraction: false, tallyVisibility: 'live' },
      })
    ).body;
    await nodeA.request('POST', `/api/consultations/${consultation.id}/open`, people.moderator);
    // Votes go to node B, whose read models depend on node A's relay; A is killed while they are in flight.
    let acknowledged = 0;
    let last = 0;
    const voters = Array.from({ length: 4 }, (_, lane) =>
      (async () => {
        for (let i = lane; i < 60; i += 4) {
          const vote = await nodeB.request(
            'PUT',
            `/api/consultations/${consultation.id}/votes/${proposal.id}`,
            tokenFor(`voter-${i}`, ['participant']),
          );
          expect(vote.status).toBe(200);
          acknowledged++;
          last = Math.max(last, vote.body.position);
        }
      })(),
    );
    while (acknowledged < 20) await new Promise((r) => setTimeout(r, 5));
    await nodeA.kill();
    await Promise.all(voters);
    await nodeA.start();
    const results = await nodeB.request('GET', `/api/consultations/${consultation.id}/results?minPosition=${last}`, people.moderator);
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({ turnout: 60, results: [{ proposalId: proposal.id, votes: 60 }] });
  });

  it('accepts commands while Kafka is down, and the other node catches up when it returns', async () => {
    const proposal = await draft(nodeA, 'Kafka away');
    const room = `proposal:${proposal.id}`;
    const onB = await connect(nodeB);
    await onB.subscribe(room, 0);
    await onB.until(() => onB.events.length === 1, 'the draft on node B');
    kafka('stop');
    let revision = 1;
    try {
      for (let i = 0; i < 10; i++) {
        const response = await nodeA.request('PATCH', `/api/proposals/${proposal.id}`, people.ana, {
          expectedRevision: revision,
          changes: { objective: `o${i}` },
        });
        expect(response.status).toBe(200);
        revision = response.body.revision;
      }
    } finally {
      startKafka();
    }
    const log = await logOf(proposal.id);
    await onB.until(() => onB.events.length >= log.length, 'node B after Kafka returned', 90_000);
    expect(onB.events.map((e) => e.position)).toEqual(log);
  });
});
