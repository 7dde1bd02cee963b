import { io, Socket } from 'socket.io-client';
import type { RecordedEvent } from '@cocrea/event-store';

export interface LiveEventMessage {
  room: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  data: any;
  metadata: any;
}

/** What identifies one event in a room's sequence, to compare what clients received with the log. */
export interface EventKey {
  position: number;
  type: string;
  streamId: string;
  revision: number;
}

export const keyOf = (event: EventKey): EventKey => ({
  position: event.position,
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
});

/**
 * A real socket.io client on `/live` that records everything the server sends it, with helpers to wait
 * for a condition on what has arrived.
 */
export class LiveClient {
  readonly socket: Socket;
  readonly events: LiveEventMessage[] = [];
  readonly tallies: any[] = [];
  readonly presence: any[] = [];
  readonly overflows: any[] = [];
  readonly received: Array<{ name: string; payload: any }> = [];
  /** Why the connection ended, once it has. */
  disconnectReason?: string;

  constructor(
    url: string,
    token: string | undefined,
    options: { autoConnect?: boolean; transports?: string[]; headers?: Record<string, string> } = {},
  ) {
    this.socket = io(`${url}/live`, {
      auth: token === undefined ? {} : { token },
      transports: options.transports ?? ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: options.autoConnect ?? true,
      extraHeaders: options.headers,
    });
    this.socket.onAny((name, payload) => {
      this.received.push({ name, payload });
      if (name === 'event') this.events.push(payload);
      if (name === 'tally') this.tallies.push(payload);
      if (name === 'presence') this.presence.push(payload);
      if (name === 'overflow') this.overflows.push(payload);
    });
    this.socket.on('disconnect', (reason) => (this.disconnectReason = reason));
  }

  static async connect(url: string, token: string): Promise<LiveClient> {
    const client = new LiveClient(url, token);
    await client.connected();
    return client;
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** Resolves with the connect_error the server refused the handshake with. */
  refused(): Promise<Error> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => reject(new Error('connected, expected a refusal')));
      this.socket.once('connect_error', resolve);
    });
  }

  /** `timeoutMs`: how long the answer may take (a client that stops reading gets it only once it reads again). */
  subscribe(room: string, after?: number, timeoutMs = 5000): Promise<any> {
    return this.socket.timeout(timeoutMs).emitWithAck('subscribe', after === undefined ? { room } : { room, after });
  }

  /** Sends a raw subscribe body, for refusals of malformed ones. */
  subscribeWith(body: unknown): Promise<any> {
    return this.socket.timeout(5000).emitWithAck('subscribe', body);
  }

  unsubscribe(room: string): Promise<any> {
    return this.socket.timeout(5000).emitWithAck('unsubscribe', { room });
  }

  sendPresence(room: string, editing?: string): Promise<any> {
    return this.socket.timeout(5000).emitWithAck('presence', editing === undefined ? { room } : { room, editing });
  }

  positions(room?: string): number[] {
    return this.events.filter((e) => room === undefined || e.room === room).map((e) => e.position);
  }

  /** The events received for one room, reduced to what identifies them. */
  sequence(room?: string): EventKey[] {
    return this.events.filter((e) => room === undefined || e.room === room).map(keyOf);
  }

  lastPosition(room?: string): number {
    return this.positions(room).at(-1) ?? 0;
  }

  /** The latest presence message of a room. */
  presenceOf(room: string): any {
    return this.presence.filter((p) => p.room === room).at(-1);
  }

  async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits until an event at `position` or later has arrived for the room. */
  reached(position: number, room?: string, timeoutMs?: number): Promise<void> {
    return this.until(() => this.lastPosition(room) >= position, `position ${position}${room ? ` in ${room}` : ''}`, timeoutMs);
  }

  /** Resolves with the reason once the connection has ended. */
  disconnected(timeoutMs = 10_000): Promise<string> {
    return this.until(() => this.disconnectReason !== undefined, 'the disconnection', timeoutMs).then(() => this.disconnectReason!);
  }

  /** The TCP socket under the websocket transport: pausing it makes this client stop reading, like a stalled peer. */
  private get tcp(): { pause(): void; resume(): void } {
    const tcp = (this.socket.io.engine.transport as any).ws?._socket;
    if (!tcp) throw new Error('pausing needs the websocket transport');
    return tcp;
  }

  stopReading(): void {
    this.tcp.pause();
  }

  resumeReading(): void {
    this.tcp.resume();
  }

  close(): void {
    this.socket.close();
  }
}

/** Asserts nothing; returns what is wrong with a sequence of positions (not strictly increasing), for a readable failure. */
export const disorder = (positions: number[]): Array<[number, number]> =>
  positions.flatMap((position, i) => (i > 0 && position <= positions[i - 1] ? [[positions[i - 1], position] as [number, number]] : []));

/** The events of the log that the test's own rule puts in a room, reduced to what identifies them. */
export const logOf = (events: RecordedEvent[], belongs: (event: RecordedEvent) => boolean): EventKey[] => events.filter(belongs).map(keyOf);

/** The clients a test file connects (to the app `url()` names when they connect), closed with `closeAll` after each test. */
export const liveClients = (url: () => string) => {
  const clients: LiveClient[] = [];
  return {
    clients,
    connect: async (token: string): Promise<LiveClient> => {
      const client = await LiveClient.connect(url(), token);
      clients.push(client);
      return client;
    },
    closeAll: (): void => clients.splice(0).forEach((client) => client.close()),
  };
};
