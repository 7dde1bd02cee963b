import type { Socket as TcpSocket } from 'node:net';
import type { Namespace } from 'socket.io';
import { LiveGateway } from '@cocrea/live/live.gateway';
import { LiveClient, disorder, keyOf, liveClients } from '../support/live-client';
import { TestApp, people } from '../support/app-harness';
import { Scenario } from '../support/scenario';

/** A queue cap low enough that a stalled reader overflows it after the kernel's socket buffers fill. */
const MAX_QUEUE = 50;

describe('live back-pressure', () => {
  let app: TestApp;
  let scenario: Scenario;
  const { clients, connect, closeAll } = liveClients(() => app.url);
  /** What the server holds for a connection: the namespace's socket, engine.io's client, the TCP socket. */
  const server = () => {
    const namespace = (app.app.get(LiveGateway) as unknown as { server: Namespace }).server;
    const engine = namespace.server.engine as unknown as { clients: Record<string, { transport: { socket: { _socket: TcpSocket } } }> };
    return {
      has: (client: LiveClient) => namespace.sockets.has(client.socket.id!),
      engineHas: (engineId: string) => engineId in engine.clients,
      tcpOf: (client: LiveClient) => engine.clients[client.socket.io.engine.id].transport.socket._socket,
    };
  };

  beforeAll(async () => {
    app = await TestApp.start({ live: { maxQueue: MAX_QUEUE } });
    scenario = new Scenario(app);
  });
  afterEach(closeAll);
  afterAll(() => app.stop());

  it('disconnects a client that stops reading and frees what it held, while the others of the room keep receiving everything', async () => {
    let proposal = await scenario.proposal(await scenario.workingGroup(await scenario.plan()));
    const proposalId = proposal.id;
    const room = `proposal:${proposalId}`;
    const steady = await connect(people.ana);
    const stalled = await connect(people.beto);
    for (const client of [steady, stalled]) expect((await client.subscribe(room, 0)).ok).toBe(true);
    await stalled.reached(1, room);
    const stalledEngine = stalled.socket.io.engine.id;
    const stalledTcp = server().tcpOf(stalled);
    stalled.stopReading();

    // Large edits fill the kernel's buffers quickly; after that the server's queue for the stalled socket grows.
    const big = 'x'.repeat(19_000);
    const deadline = Date.now() + 20_000;
    while (server().has(stalled) && Date.now() < deadline) {
      const { revision } = proposal;
      proposal = await scenario.edit(proposal, {
        problem: `${revision} ${big}`,
        objective: `${revision} ${big}`,
        description: `${revision} ${big}`,
      });
    }
    expect(server().has(stalled)).toBe(false);

    // Read again at once: what the kernel held, then the reason, then the server's disconnection.
    stalled.resumeReading();
    expect(await stalled.disconnected()).toBe('io server disconnect');
    expect(stalled.overflows).toEqual([
      { reason: `more than ${MAX_QUEUE} messages waiting for a slow connection`, resubscribe: expect.any(String) },
    ]);
    // Nothing of it stays on the server: no engine.io client, no TCP connection.
    await stalled.until(
      () => !server().engineHas(stalledEngine) && stalledTcp.destroyed,
      'the server to drop the stalled connection',
      3000,
    );

    // The steady client of the same room missed nothing and was never disconnected.
    const log = (await app.events()).filter((e) => e.streamId === `proposal-${proposalId}`).map(keyOf);
    expect(log).toHaveLength(proposal.revision);
    await steady.reached(log.at(-1)!.position, room);
    expect(steady.sequence(room)).toEqual(log);
    expect(steady.socket.connected).toBe(true);

    // The dropped client resubscribes from the last position it saw and gets exactly the rest.
    const seen = stalled.lastPosition(room);
    expect(disorder(stalled.positions(room))).toEqual([]);
    expect(stalled.sequence(room)).toEqual(log.filter((e) => e.position <= seen));
    const back = await connect(people.beto);
    expect((await back.subscribe(room, seen)).ok).toBe(true);
    await back.reached(log.at(-1)!.position, room);
    expect(back.sequence(room)).toEqual(log.filter((e) => e.position > seen));
  });
});

describe('live catch-up of a slow reader while appends keep coming', () => {
  let app: TestApp;
  let scenario: Scenario;
  const { clients, closeAll } = liveClients(() => app.url);

  beforeAll(async () => {
    // Half of this cap is where a catch-up waits for the client to read before sending its next page.
    app = await TestApp.start({ live: { maxQueue: 600 } });
    scenario = new Scenario(app);
  });
  afterEach(closeAll);
  afterAll(() => app.stop());

  it('sends the catch-up, then what was appended while the client read it, then live: no gap, no duplicate', async () => {
    let proposal = await scenario.proposal(await scenario.workingGroup(await scenario.plan()));
    const proposalId = proposal.id;
    const room = `proposal:${proposalId}`;
    // Enough large events to fill the kernel's buffers of a client that does not read, then enough small ones
    // for three pages of catch-up: the third waits until the client reads.
    const big = 'x'.repeat(19_000);
    for (let i = 0; i < 130; i++)
      proposal = await scenario.edit(proposal, { problem: `${i} ${big}`, objective: `${i} ${big}`, description: `${i} ${big}` });
    const comments = async (from: number, count: number) => {
      let last = 0;
      for (let i = from; i < from + count; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(20, from + count - i) }, (_, k) =>
            scenario.comment('proposal', proposalId, `c${i + k}`, { by: people.participant(i + k) }),
          ),
        );
        last = Math.max(last, ...batch.map((c) => c.position));
      }
      return last;
    };
    const beforeSubscribing = await comments(0, 700);

    const slow = new LiveClient(app.url, people.beto);
    clients.push(slow);
    await slow.connected();
    // The answer waits behind what the client does not read: as long as the appends below take on a busy machine.
    const acked = slow.subscribe(room, 0, 60_000);
    slow.stopReading();
    // Appends arrive while the server waits for the slow client to read its catch-up. Few enough to be written well
    // inside the time the server gives a stalled client to read (5 s) even on a busy machine: a client that stays
    // stalled longer is one the server rightly drops (the test above).
    await new Promise((r) => setTimeout(r, 200));
    await comments(700, 60);
    slow.resumeReading();
    // The catch-up runs up to where the log stood on subscribing; the 60 came while it was waiting to be read.
    expect(await acked).toEqual({ ok: true, position: beforeSubscribing });
    // What it owes is read and sent at the pace of a machine that may be busy with the rest of the suite: the waits
    // are for it to arrive, not a measure of how fast.
    const target = await comments(760, 20);
    await slow.until(() => slow.lastPosition(room) >= target || !slow.socket.connected, `position ${target}`, 60_000);
    // Still connected, never told to come back: a failure here says why, not only that nothing arrived.
    expect({ connected: slow.socket.connected, overflows: slow.overflows, reason: slow.disconnectReason }).toEqual({
      connected: true,
      overflows: [],
      reason: undefined,
    });
    const live = await comments(780, 5);
    await slow.reached(live, room, 30_000);
    const log = (await app.events())
      .filter((e) => e.streamId === `proposal-${proposalId}` || (e.type === 'CommentPosted' && (e.data as any).targetId === proposalId))
      .map(keyOf);
    expect(log).toHaveLength(1 + 130 * 3 + 785);
    expect(disorder(slow.positions(room))).toEqual([]);
    expect(slow.sequence(room)).toEqual(log);
    expect(slow.overflows).toEqual([]);
    // Some 1,270 events, 7 MB of them, written and read by a client that stops reading: minutes on a busy machine.
  }, 180_000);
});
