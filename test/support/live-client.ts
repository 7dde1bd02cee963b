import { io, Socket } from 'socket.io-client';

export interface LiveEventMessage {
  room: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  data: any;
  metadata: any;
}

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

  constructor(url: string, token: string | undefined, options: { autoConnect?: boolean; transports?: string[] } = {}) {
    this.socket = io(`${url}/live`, {
      auth: token === undefined ? {} : { token },
      transports: options.transports ?? ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: options.autoConnect ?? true,
    });
    this.socket.onAny((name, payload) => {
      this.received.push({ name, payload });
      if (name === 'event') this.events.push(payload);
      if (name === 'tally') this.tallies.push(payload);
      if (name === 'presence') this.presence.push(payload);
      if (name === 'overflow') this.overflows.push(payload);
    });
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

  subscribe(room: string, after?: number): Promise<any> {
    return this.socket.timeout(5000).emitWithAck('subscribe', after === undefined ? { room } : { room, after });
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

  async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}
