import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { EVENT_STORE, EventStore, RecordedEvent } from '@cocrea/event-store';
import {
  APP_CONFIG,
  Actor,
  AppConfig,
  InvalidTokenError,
  LiveRooms,
  type CoalescedMessage,
  coalescedMessagesOf,
  Metrics,
  ProjectionRunner,
  READ_MODELS,
  ReadModelReader,
  categoryOf,
  IdentityUnavailable,
  MAX_TOKEN_LENGTH,
  TOKEN_VERIFIER,
  type TokenVerifier,
  isModerator,
  Text,
  Translator,
  t,
} from '@cocrea/platform';
import { routeOf } from './live-feed.projection';
import { PresenceRegistry } from './presence';
import { LIVE_ROOMS, ParsedRoom, RoomRegistry, liveEvent, roomRegistry } from './rooms';
import { Coalescer } from './coalescer';
import { QueueOverflow, RoomHistory, RoomSubscription, Subscriber } from './room-subscription';

/** A socket as its subscriptions see it. */
interface SocketSubscriber extends Subscriber {
  readonly socket: Socket;
}

type Subscription = RoomSubscription<SocketSubscriber>;

interface SocketState {
  actor: Actor;
  subscriptions: Map<string, Subscription>;
}

type Ack = { ok: true; position?: number } | { ok: false; error: string };

export const MAX_ROOMS_PER_SOCKET = 100;
const QUEUE_CHECK_MS = 200;
export const MAX_EDITING_LENGTH = 200;
const AHEAD_WAIT_MS = 3000;
const PRESENCE_INTERVAL_MS = 250;
export const MAX_PRESENCE_USERS = 100;

const stateOf = (socket: Socket): SocketState => socket.data as SocketState;
/** Packets engine.io holds for a socket that the transport has not taken yet: the socket's queue. */
const queued = (socket: Socket): number => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
/** Moderators and admins of a room are one audience of its coalesced message, everyone else the other. */
const moderatorsOf = (room: string) => `${room}#moderators`;
/** What the coalescer keys a room's message by: the room and the message's name. */
const coalescedKey = (room: string, name: string) => `${room}\n${name}`;

/**
 * The live gateway (namespace `/live`). It streams from the projection runner's feed of committed batches
 * (itself a subscription to the global log) and never from in-process command callbacks, so that any node
 * fed from the log, whatever carries it there, serves its sockets the same way.
 *
 * Subscribing with `after` replays the room's events after that position, read from the log at the positions
 * the live-feed read model filed for the room, up to the position the read models had reached at that moment, while newer live events of the room wait
 * in the subscription's buffer; then the buffer is drained and the socket joins the room in one synchronous
 * step: no gap, no duplicate (see RoomSubscription).
 *
 * It names no feature: which rooms there are, which events go where, who may join and what a room is sent
 * besides its events come from the rooms the features declare (`LIVE_ROOMS`).
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private server!: Namespace;
  private readonly logger = new Logger('Live');
  private readonly presence = new PresenceRegistry();
  private readonly catchingUp = new Map<string, Set<Subscription>>();
  private readonly rooms: RoomRegistry;
  private readonly history: RoomHistory;
  /** The rooms' coalesced messages, by room and message (`coalescedKey`). */
  private readonly coalesced: Coalescer;
  private readonly presenceUpdates: Coalescer;
  /** What each coalesced message last sent said to each audience (JSON), by `coalescedKey`, while its room exists. */
  private readonly lastSent = new Map<string, { moderators: string; others: string }>();
  private stopFeed?: () => void;
  private monitor?: NodeJS.Timeout;
  /** Open sockets by user, on this node. */
  private readonly socketsOf = new Map<string, number>();
  private readonly messages: RateLimiterMemory;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    @Inject(READ_MODELS) private readonly readModels: ReadModelReader,
    @Inject(LIVE_ROOMS) declared: readonly LiveRooms[],
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
    private readonly metrics: Metrics,
    private readonly translator: Translator,
  ) {
    this.rooms = roomRegistry(declared);
    this.history = { readFeed: (...page) => readModels.readFeed(...page), readEventsAt: (positions) => store.readEventsAt(positions) };
    this.coalesced = new Coalescer((key) => this.sendCoalesced(key), config.live.tallyIntervalMs);
    // Presence changes come in storms when a big room fills: each room hears at most a few lists a second.
    this.presenceUpdates = new Coalescer((room) => this.sendPresence(room), PRESENCE_INTERVAL_MS);
    this.messages = new RateLimiterMemory({ keyPrefix: 'socket', points: config.limits.socketMessagesPerSecond, duration: 1 });
  }

  afterInit(server: Namespace): void {
    this.metrics.countRoomsWith(() => this.openRooms());
    server.adapter.on('delete-room', (room: string) => {
      const parsed = this.rooms.parseRoom(room);
      if (parsed)
        for (const { name } of coalescedMessagesOf(this.rooms.ofKind(parsed.kind))) this.lastSent.delete(coalescedKey(room, name));
    });
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const refuse = (code: string, message: Text) => next(new Error(`${code}: ${this.say(socket, message)}`));
      if (typeof token !== 'string' || token.length === 0) return refuse('unauthorized', t`missing token in auth.token`);
      if (token.length > MAX_TOKEN_LENGTH) return refuse('unauthorized', t`token is longer than ${MAX_TOKEN_LENGTH} characters`);
      this.tokens.verify(token).then(
        (actor) => {
          const open = this.socketsOf.get(actor.id) ?? 0;
          const allowed = this.config.limits.socketsPerUser;
          if (open >= allowed) return refuse('too many connections', t`at most ${allowed} sockets per user`);
          this.socketsOf.set(actor.id, open + 1);
          const state: SocketState = { actor, subscriptions: new Map() };
          Object.assign(socket.data, state);
          next();
        },
        (error) => {
          if (error instanceof IdentityUnavailable) return refuse('unavailable', error.text);
          refuse('unauthorized', error instanceof InvalidTokenError ? error.text : t`invalid token`);
        },
      );
    });
    this.stopFeed = this.projections.onApplied((events) => this.dispatch(events));
    this.monitor = setInterval(() => this.checkQueues(), QUEUE_CHECK_MS);
    this.monitor.unref();
  }

  onModuleDestroy(): void {
    this.stopFeed?.();
    if (this.monitor) clearInterval(this.monitor);
    this.coalesced.stop();
    this.presenceUpdates.stop();
    // The sockets close with the server, not after it: left open, each would hold the HTTP server's close until its
    // ping timed out (a restart waited up to a minute). Closing socket.io also stops the HTTP server accepting, so
    // clients, told "transport close", reconnect (with `after`) to whichever server listens next.
    this.server?.server?.close();
  }

  /** Authentication happened in the namespace middleware; here each message is counted against the socket's allowance. */
  handleConnection(socket: Socket): void {
    this.metrics.sockets.inc();
    const allowed = this.config.limits.socketMessagesPerSecond;
    socket.use((packet, next) => {
      this.messages.consume(socket.id).then(
        () => next(),
        (refusal: { msBeforeNext?: number }) => {
          const ack = packet.at(-1);
          const error = `rate-limited: ${this.say(socket, t`at most ${allowed} messages a second; retry in ${refusal.msBeforeNext ?? 1000} ms`)}`;
          if (typeof ack === 'function') ack({ ok: false, error } satisfies Ack);
        },
      );
    });
  }

  handleDisconnect(socket: Socket): void {
    this.metrics.sockets.dec();
    void this.messages.delete(socket.id);
    const state = stateOf(socket);
    if (state.actor) {
      const open = (this.socketsOf.get(state.actor.id) ?? 1) - 1;
      if (open > 0) this.socketsOf.set(state.actor.id, open);
      else this.socketsOf.delete(state.actor.id);
    }
    state.subscriptions?.forEach((subscription) => this.cancel(subscription));
    state.subscriptions?.clear();
    for (const room of this.presence.leaveAll(socket.id)) this.broadcastPresence(room);
  }

  /** How many of the declared rooms have a socket in them now (the adapter also keeps one room per socket). */
  private openRooms(): number {
    let open = 0;
    for (const room of this.server.adapter.rooms.keys()) if (this.rooms.parseRoom(room)) open++;
    return open;
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const refusal = await this.subscribing(socket, body);
    return refusal instanceof Text || typeof refusal === 'string' ? { ok: false, error: this.say(socket, refusal) } : refusal;
  }

  private async subscribing(socket: Socket, body: unknown): Promise<Ack | Text | string> {
    const request = (body ?? {}) as { room?: unknown; after?: unknown };
    const parsed = this.rooms.parseRoom(request.room);
    if (!parsed) return t`room must be one of ${this.rooms.kinds.map((k) => `${k}:<uuid>`).join(', ')}`;
    const after = request.after;
    if (after !== undefined && after !== null && !(typeof after === 'number' && Number.isSafeInteger(after) && after >= 0)) {
      return t`after must be a non-negative integer position`;
    }
    const state = stateOf(socket);
    if (!state.subscriptions.has(parsed.room) && state.subscriptions.size >= MAX_ROOMS_PER_SOCKET) {
      return t`at most ${MAX_ROOMS_PER_SOCKET} rooms per connection`;
    }
    const refusal = await this.refusal(state.actor, parsed);
    if (refusal) return refusal;
    // A client that has seen more than this node has applied (another node served it) waits for this node.
    if (typeof after === 'number' && !(await this.projections.waitFor(after, AHEAD_WAIT_MS))) return this.behind(after);
    if (!socket.connected) return t`disconnected`;

    // From here to the return, nothing awaits: the subscription sees every batch applied after `upTo`.
    // Who may join is asked again: a batch applied during the waits may have turned this actor away.
    const turnedAway = this.rooms.ofKind(parsed.kind).refusal?.(state.actor, parsed.id, this.readModels);
    if (turnedAway) return turnedAway;
    const previous = state.subscriptions.get(parsed.room);
    if (previous) this.cancel(previous);
    const upTo = this.projections.position;
    const subscription: Subscription = new RoomSubscription(
      parsed.room,
      typeof after === 'number' ? after : upTo,
      upTo,
      this.subscriberFor(socket, parsed, () => subscription),
      this.config.live.maxQueue,
    );
    state.subscriptions.set(parsed.room, subscription);
    this.waiting(parsed.room).add(subscription);
    // The ack goes out first (Nest sends it when this promise settles); the catch-up follows it.
    setImmediate(() =>
      subscription.catchUp(this.history).catch((error) => {
        if (error instanceof QueueOverflow) return this.overflow(socket, error.text);
        this.logger.error(`catch-up of ${subscription.room} failed: ${String((error as Error)?.stack ?? error)}`);
        socket.disconnect(true);
      }),
    );
    return { ok: true, position: upTo };
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Ack {
    const room = this.rooms.parseRoom((body as { room?: unknown } | undefined)?.room)?.room;
    const subscription = room && stateOf(socket).subscriptions.get(room);
    if (!subscription) return { ok: false, error: this.say(socket, t`not subscribed to that room`) };
    this.leave(subscription);
    return { ok: true };
  }

  @SubscribeMessage('presence')
  presenceChanged(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Ack {
    const request = (body ?? {}) as { room?: unknown; editing?: unknown };
    const room = this.rooms.parseRoom(request.room)?.room;
    const subscription = room && stateOf(socket).subscriptions.get(room);
    if (!subscription) return { ok: false, error: this.say(socket, t`subscribe to the room first`) };
    const editing = request.editing ?? undefined;
    if (editing !== undefined && (typeof editing !== 'string' || editing.length > MAX_EDITING_LENGTH)) {
      return { ok: false, error: this.say(socket, t`editing must be a section name of at most ${MAX_EDITING_LENGTH} characters`) };
    }
    subscription.editing = editing || undefined;
    if (subscription.catchingUp) return { ok: true };
    this.presence.edit(subscription.room, socket.id, subscription.editing);
    this.broadcastPresence(subscription.room);
    return { ok: true };
  }

  /** Why this actor may not subscribe to the room, or undefined when it may. */
  private async refusal(actor: Actor, { kind, id }: ParsedRoom): Promise<Text | string | undefined> {
    const declared = this.rooms.ofKind(kind);
    const { revision, position } = await this.store.streamRevision(`${declared.category}-${id}`);
    if (revision === 0) return t`${kind} ${id} not found`;
    if (!declared.refusal) return undefined;
    // Who may join is read from the read models: they must have applied the room's stream as far as the log has it.
    if (!(await this.projections.waitFor(position, AHEAD_WAIT_MS))) return this.behind(position);
    return declared.refusal(actor, id, this.readModels);
  }

  private behind(position: number): Text {
    return t`this server has not reached position ${position} yet (it is at ${this.projections.position}); retry`;
  }

  /** A message in the language the socket's handshake asked for (its Accept-Language). */
  private say(socket: Socket, message: Text | string): string {
    return this.translator.say(message, this.translator.languageOf(socket.handshake.headers['accept-language']));
  }

  /** The socket as the subscription sends to it; joining makes it one of the room's live audience. */
  private subscriberFor(socket: Socket, parsed: ParsedRoom, subscription: () => Subscription): SocketSubscriber {
    const { room } = parsed;
    return {
      socket,
      get connected() {
        return socket.connected;
      },
      send: (event) => socket.emit('event', liveEvent(room, this.present(event))),
      roomInQueue: () => this.roomInQueue(socket),
      join: () => {
        this.stopWaiting(subscription());
        socket.join(room);
        const actor = stateOf(socket).actor;
        if (isModerator(actor)) socket.join(moderatorsOf(room));
        this.presence.join(room, socket.id, { userId: actor.id, name: actor.name });
        this.presence.edit(room, socket.id, subscription().editing);
        this.broadcastPresence(room);
        // Each message (a tally) as it stands on joining; when a coalesced send is already due, that send is the one this socket gets.
        for (const declared of coalescedMessagesOf(this.rooms.ofKind(parsed.kind))) {
          const key = coalescedKey(room, declared.name);
          const message = this.coalesced.isPending(key) ? undefined : this.coalescedMessage(parsed, declared);
          if (!message) continue;
          socket.emit(message.name, message.as(isModerator(actor)));
          // Nothing sent yet and nothing due: everyone in the room got this very state on joining.
          if (!this.lastSent.has(key)) {
            this.lastSent.set(key, { moderators: JSON.stringify(message.as(true)), others: JSON.stringify(message.as(false)) });
          }
        }
      },
    };
  }

  /** Live: every batch the read models applied, in order, to the rooms its events belong to. */
  private dispatch(events: RecordedEvent[]): void {
    const changed = new Set<string>();
    const overflowing = new Set<Socket>();
    for (const event of events) {
      let shown: RecordedEvent | undefined;
      for (const room of this.rooms.roomsOf(event, routeOf(this.rooms, event, this.readModels))) {
        for (const subscription of this.catchingUp.get(room) ?? []) {
          if (!subscription.hold(event)) overflowing.add(subscription.subscriber.socket);
        }
        if (this.server.adapter.rooms.has(room)) this.server.to(room).emit('event', liveEvent(room, (shown ??= this.present(event))));
      }
      const category = categoryOf(event.streamId);
      for (const rooms of this.rooms.opened) {
        for (const declared of coalescedMessagesOf(rooms)) {
          const changedId = declared.changedBy(event);
          if (changedId) changed.add(coalescedKey(`${rooms.kind}:${changedId}`, declared.name));
        }
        // Right after the event that may turn someone away: they get nothing of the room after it.
        const recheckId = rooms.category === category ? rooms.refusalsChangedBy?.(event) : undefined;
        if (recheckId) this.turnAway(rooms.kind, recheckId);
      }
    }
    changed.forEach((key) => this.coalesced.changed(key));
    // A socket whose buffer overflowed while catching up is told to come back with `after`.
    overflowing.forEach((socket) => this.overflow(socket, t`more than ${this.config.live.maxQueue} events arrived while catching up`));
  }

  /** The event as its rooms see it, as the rooms declared for its stream present it. */
  private present(event: RecordedEvent): RecordedEvent {
    return this.rooms.ofStream(event.streamId)?.present?.(event, this.readModels) ?? event;
  }

  /**
   * Asks again whether each socket of the room, joined or still catching up, may be in it, and takes out those
   * who may not, telling them why with `unsubscribed { room, reason }`.
   */
  private turnAway(kind: string, id: string): void {
    const room = `${kind}:${id}`;
    const refusal = this.rooms.ofKind(kind).refusal;
    if (!refusal) return;
    const joined = [...(this.server.adapter.rooms.get(room) ?? [])].map((socketId) => this.server.sockets.get(socketId));
    const subscriptions = new Set([
      ...(this.catchingUp.get(room) ?? []),
      ...joined.map((socket) => socket && stateOf(socket).subscriptions.get(room)),
    ]);
    for (const subscription of subscriptions) {
      if (!subscription) continue;
      const { socket } = subscription.subscriber;
      const reason = refusal(stateOf(socket).actor, id, this.readModels);
      if (!reason) continue;
      this.leave(subscription);
      socket.emit('unsubscribed', { room, reason: this.say(socket, reason) });
    }
  }

  private sendCoalesced(key: string): void {
    const [room, name] = key.split('\n');
    const parsed = this.rooms.parseRoom(room);
    if (!parsed || !this.server.adapter.rooms.has(room)) return;
    const declared = coalescedMessagesOf(this.rooms.ofKind(parsed.kind)).find((candidate) => candidate.name === name);
    const message = declared && this.coalescedMessage(parsed, declared);
    if (!message) return;
    // An audience whose message did not change since the last send (the pending questions moved, which only
    // moderators see) is not sent it again: a burst that changes nothing for a room of a thousand costs nothing.
    const sent = this.lastSent.get(key);
    const now = { moderators: message.as(true), others: message.as(false) };
    const json = { moderators: JSON.stringify(now.moderators), others: JSON.stringify(now.others) };
    if (json.moderators !== sent?.moderators) this.server.to(moderatorsOf(room)).emit(message.name, now.moderators);
    if (json.others !== sent?.others) this.server.to(room).except(moderatorsOf(room)).emit(message.name, now.others);
    this.lastSent.set(key, json);
    this.metrics.tallies.inc(this.server.adapter.rooms.get(room)?.size ?? 0);
  }

  /** One of the room's coalesced messages as each audience may see it. */
  private coalescedMessage({ id }: ParsedRoom, declared: CoalescedMessage) {
    const as = declared.messageOf(id, this.readModels);
    return as ? { name: declared.name, as } : undefined;
  }

  private broadcastPresence(room: string): void {
    this.presenceUpdates.changed(room);
  }

  /** Who is here: the full count, and the users themselves up to a bound, so a message stays small in a big room. */
  private sendPresence(room: string): void {
    if (!this.server.adapter.rooms.has(room)) return;
    const users = this.presence.users(room);
    this.server.to(room).emit('presence', { room, count: users.length, users: users.slice(0, MAX_PRESENCE_USERS) });
  }

  private waiting(room: string): Set<Subscription> {
    let waiting = this.catchingUp.get(room);
    if (!waiting) this.catchingUp.set(room, (waiting = new Set()));
    return waiting;
  }

  private stopWaiting(subscription: Subscription): void {
    const waiting = this.catchingUp.get(subscription.room);
    waiting?.delete(subscription);
    if (waiting?.size === 0) this.catchingUp.delete(subscription.room);
  }

  private cancel(subscription: Subscription): void {
    const { socket } = subscription.subscriber;
    subscription.cancel();
    this.stopWaiting(subscription);
    socket.leave(subscription.room);
    socket.leave(moderatorsOf(subscription.room));
  }

  /** Ends a subscription the client asked to end, or one it may no longer have: the room hears it left. */
  private leave(subscription: Subscription): void {
    const { socket } = subscription.subscriber;
    this.cancel(subscription);
    stateOf(socket).subscriptions.delete(subscription.room);
    if (this.presence.leave(subscription.room, socket.id)) this.broadcastPresence(subscription.room);
  }

  /** Waits while the socket's queue is over half full; a client that does not drain it in time overflows. */
  private async roomInQueue(socket: Socket): Promise<void> {
    const limit = this.config.live.maxQueue;
    if (queued(socket) <= limit / 2) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      socket.conn.once('drain', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (queued(socket) > limit / 2) throw new QueueOverflow(t`the client did not read its ${queued(socket)} waiting messages in time`);
  }

  private checkQueues(): void {
    for (const socket of this.server.sockets.values()) {
      if (queued(socket) > this.config.live.maxQueue) {
        this.overflow(socket, t`more than ${this.config.live.maxQueue} messages waiting for a slow connection`);
      }
    }
  }

  /**
   * Drops what a slow client has not read, tells it why, and disconnects it: its memory is released and
   * it resubscribes with `after` = the last position it saw, losing nothing.
   */
  private overflow(socket: Socket, why: Text): void {
    if (!socket.connected) return;
    this.metrics.slowSockets.inc();
    this.logger.warn(`disconnecting ${socket.id} (${stateOf(socket).actor?.id}): ${why}`);
    (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length = 0;
    const reason = this.say(socket, why);
    socket.emit('overflow', { reason, resubscribe: this.say(socket, t`subscribe again with after = the last position you received`) });
    socket.disconnect(true);
    // A client that reads nothing never drains even that last message: close the transport regardless, and
    // drop the TCP connection itself, since a closing handshake with a peer that does not read would keep
    // what it has not read, in the kernel and in ws, for ws's 30 s close timeout.
    setTimeout(() => {
      socket.conn.close(true);
      (socket.conn.transport as unknown as { socket?: { terminate?: () => void } }).socket?.terminate?.();
    }, 1000).unref();
  }
}
