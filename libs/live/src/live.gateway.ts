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
import { EVENT_STORE, EventStore, RecordedEvent } from '@cocrea/event-store';
import {
  APP_CONFIG,
  Actor,
  AppConfig,
  CommandHandler,
  InvalidTokenError,
  ProjectionRunner,
  ReadModelDatabase,
  isModerator,
  verifyJwt,
} from '@cocrea/platform';
import { COMMENTS, CommentView } from '@cocrea/co-creation/comments';
import { CONSULTATIONS, ConsultationView, TALLIES, TallyView } from '@cocrea/co-creation/consultations';
import { resultsFor } from '@cocrea/co-creation/consultations';
import { workingGroupDecider } from '@cocrea/co-creation/working-groups';
import { routeOf } from './live-feed.projection';
import { PresenceRegistry } from './presence';
import { LiveEvent, ROOM_KINDS, STREAM_CATEGORY_OF_ROOM, liveEvent, parseRoom, roomsOf } from './rooms';
import { Coalescer } from './coalescer';

/** One socket's subscription to one room. Until it has caught up, live events of its room wait in `buffer`. */
interface RoomSubscription {
  socket: Socket;
  room: string;
  after: number;
  catchingUp: boolean;
  buffer: RecordedEvent[];
  cancelled: boolean;
  /** The section the client said it edits before its catch-up ended, shown once it joins. */
  editing?: string;
}

interface SocketState {
  actor: Actor;
  subscriptions: Map<string, RoomSubscription>;
}

type Ack = { ok: true; position?: number } | { ok: false; error: string };

const PAGE = 500;
const MAX_ROOMS_PER_SOCKET = 100;
const QUEUE_CHECK_MS = 200;
const MAX_EDITING_LENGTH = 200;
const AHEAD_WAIT_MS = 3000;
const PRESENCE_INTERVAL_MS = 250;
const MAX_PRESENCE_USERS = 100;

const stateOf = (socket: Socket): SocketState => socket.data as SocketState;
/** Packets engine.io holds for a socket that the transport has not taken yet: the socket's queue. */
const queued = (socket: Socket): number => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
const resultsRoom = (room: string) => `${room}#results`;

/**
 * The live gateway (namespace `/live`). It streams from the projection runner's feed of committed batches
 * (itself a subscription to the global log) and never from in-process command callbacks, so that any node
 * fed from the log, whatever carries it there, serves its sockets the same way.
 *
 * Subscribing with `after` replays the room's events after that position, read from the log at the positions
 * the live-feed read model filed for the room, up to the position the read models had reached at that moment, while newer live events of the room wait
 * in the subscription's buffer; then the buffer is drained and the socket joins the room in one synchronous
 * step: no gap, no duplicate.
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: true } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private server!: Namespace;
  private readonly logger = new Logger('Live');
  private readonly presence = new PresenceRegistry();
  private readonly catchingUp = new Map<string, Set<RoomSubscription>>();
  private readonly tallies: Coalescer;
  private readonly presenceUpdates: Coalescer;
  private stopFeed?: () => void;
  private monitor?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly readModels: ReadModelDatabase,
    private readonly commands: CommandHandler,
  ) {
    this.tallies = new Coalescer((consultationId) => this.sendTally(consultationId), config.live.tallyIntervalMs);
    // Presence changes come in storms when a big room fills: each room hears at most a few lists a second.
    this.presenceUpdates = new Coalescer((room) => this.sendPresence(room), PRESENCE_INTERVAL_MS);
  }

  afterInit(server: Namespace): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthorized: missing token in auth.token'));
      try {
        const state: SocketState = { actor: verifyJwt(token, this.config.jwtSecret), subscriptions: new Map() };
        Object.assign(socket.data, state);
        next();
      } catch (error) {
        next(new Error(`unauthorized: ${error instanceof InvalidTokenError ? error.message : 'invalid token'}`));
      }
    });
    this.stopFeed = this.projections.onApplied((events) => this.dispatch(events));
    this.monitor = setInterval(() => this.checkQueues(), QUEUE_CHECK_MS);
    this.monitor.unref();
  }

  onModuleDestroy(): void {
    this.stopFeed?.();
    if (this.monitor) clearInterval(this.monitor);
    this.tallies.stop();
    this.presenceUpdates.stop();
  }

  handleConnection(): void {
    // Authentication happened in the namespace middleware; nothing else to set up.
  }

  handleDisconnect(socket: Socket): void {
    const state = stateOf(socket);
    state.subscriptions?.forEach((subscription) => this.cancel(subscription));
    state.subscriptions?.clear();
    for (const room of this.presence.leaveAll(socket.id)) this.broadcastPresence(room);
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const request = (body ?? {}) as { room?: unknown; after?: unknown };
    const parsed = parseRoom(request.room);
    if (!parsed) return { ok: false, error: `room must be one of ${ROOM_KINDS.map((k) => `${k}:<uuid>`).join(', ')}` };
    const after = request.after;
    if (after !== undefined && after !== null && !(typeof after === 'number' && Number.isSafeInteger(after) && after >= 0)) {
      return { ok: false, error: 'after must be a non-negative integer position' };
    }
    const state = stateOf(socket);
    if (!state.subscriptions.has(parsed.room) && state.subscriptions.size >= MAX_ROOMS_PER_SOCKET) {
      return { ok: false, error: `at most ${MAX_ROOMS_PER_SOCKET} rooms per connection` };
    }
    const refusal = await this.refusal(state.actor, parsed.kind, parsed.id);
    if (refusal) return { ok: false, error: refusal };
    // A client that has seen more than this node has applied (another node served it) waits for this node.
    if (typeof after === 'number' && !(await this.projections.waitFor(after, AHEAD_WAIT_MS))) {
      return { ok: false, error: `this server has not reached position ${after} yet (it is at ${this.projections.position}); retry` };
    }
    if (!socket.connected) return { ok: false, error: 'disconnected' };

    // From here to the return, nothing awaits: the subscription sees every batch applied after `upTo`.
    const previous = state.subscriptions.get(parsed.room);
    if (previous) this.cancel(previous);
    const upTo = this.projections.position;
    const subscription: RoomSubscription = {
      socket,
      room: parsed.room,
      after: typeof after === 'number' ? after : upTo,
      catchingUp: true,
      buffer: [],
      cancelled: false,
    };
    state.subscriptions.set(parsed.room, subscription);
    this.waiting(parsed.room).add(subscription);
    // The ack goes out first (Nest sends it when this promise settles); the catch-up follows it.
    setImmediate(() =>
      this.catchUp(socket, subscription, upTo).catch((error) => {
        if (error instanceof QueueOverflow) return this.overflow(socket, error.message);
        this.logger.error(`catch-up of ${subscription.room} failed: ${String((error as Error)?.stack ?? error)}`);
        socket.disconnect(true);
      }),
    );
    return { ok: true, position: upTo };
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Ack {
    const room = parseRoom((body as { room?: unknown } | undefined)?.room)?.room;
    const subscription = room && stateOf(socket).subscriptions.get(room);
    if (!subscription) return { ok: false, error: 'not subscribed to that room' };
    this.cancel(subscription);
    stateOf(socket).subscriptions.delete(subscription.room);
    if (this.presence.leave(subscription.room, socket.id)) this.broadcastPresence(subscription.room);
    return { ok: true };
  }

  @SubscribeMessage('presence')
  presenceChanged(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Ack {
    const request = (body ?? {}) as { room?: unknown; editing?: unknown };
    const room = parseRoom(request.room)?.room;
    const subscription = room && stateOf(socket).subscriptions.get(room);
    if (!subscription) return { ok: false, error: 'subscribe to the room first' };
    const editing = request.editing ?? undefined;
    if (editing !== undefined && (typeof editing !== 'string' || editing.length > MAX_EDITING_LENGTH)) {
      return { ok: false, error: `editing must be a section name of at most ${MAX_EDITING_LENGTH} characters` };
    }
    subscription.editing = editing || undefined;
    if (subscription.catchingUp) return { ok: true };
    this.presence.edit(subscription.room, socket.id, subscription.editing);
    this.broadcastPresence(subscription.room);
    return { ok: true };
  }

  /** Why this actor may not subscribe to the room, or undefined when it may. */
  private async refusal(actor: Actor, kind: (typeof ROOM_KINDS)[number], id: string): Promise<string | undefined> {
    const streamId = `${STREAM_CATEGORY_OF_ROOM[kind]}-${id}`;
    if (kind === 'working-group') {
      const { state } = await this.commands.load(streamId, workingGroupDecider);
      if (state.status === 'absent') return `working-group ${id} not found`;
      if (!isModerator(actor) && !Object.prototype.hasOwnProperty.call(state.members, actor.id)) {
        return 'working-group rooms are for the group’s members, moderators and admins';
      }
      return undefined;
    }
    const { revision } = await this.store.streamRevision(streamId);
    return revision === 0 ? `${kind} ${id} not found` : undefined;
  }

  private async catchUp(socket: Socket, subscription: RoomSubscription, upTo: number): Promise<void> {
    let cursor = subscription.after;
    while (cursor < upTo) {
      await this.roomInQueue(socket);
      if (subscription.cancelled || !socket.connected) return;
      const positions = this.readModels.readFeed(subscription.room, cursor, upTo, PAGE);
      if (positions.length === 0) break;
      const events = await this.store.readEventsAt(positions);
      if (subscription.cancelled || !socket.connected) return;
      for (const event of events) socket.emit('event', this.present(subscription.room, event));
      cursor = positions[positions.length - 1];
    }
    if (subscription.cancelled || !socket.connected) return;
    // Drain and join in one step: from the join on, socket.io's room delivers the live events.
    for (const event of subscription.buffer) if (event.position > upTo) socket.emit('event', this.present(subscription.room, event));
    subscription.buffer = [];
    subscription.catchingUp = false;
    this.stopWaiting(subscription);
    socket.join(subscription.room);
    const actor = stateOf(socket).actor;
    if (isModerator(actor)) socket.join(resultsRoom(subscription.room));
    this.presence.join(subscription.room, socket.id, { userId: actor.id, name: actor.name });
    this.presence.edit(subscription.room, socket.id, subscription.editing);
    this.broadcastPresence(subscription.room);
    // The tally as it stands on joining; when a coalesced send is already due, that send is the one this socket gets.
    const consultationId = subscription.room.startsWith('consultation:') ? subscription.room.slice('consultation:'.length) : undefined;
    if (consultationId && !this.tallies.isPending(consultationId)) this.sendTallyTo(socket, consultationId, actor);
  }

  /** Live: every batch the read models applied, in order, to the rooms its events belong to. */
  private dispatch(events: RecordedEvent[]): void {
    const tallied = new Set<string>();
    const overflowing = new Set<Socket>();
    for (const event of events) {
      if (event.type === 'VoteCast' || event.type === 'VoteRetracted') tallied.add((event.data as { consultationId: string }).consultationId);
      if (event.streamId.startsWith('consultation-')) tallied.add(event.streamId.slice('consultation-'.length));
      for (const room of roomsOf(event, routeOf(event, this.readModels))) {
        for (const subscription of this.catchingUp.get(room) ?? []) {
          subscription.buffer.push(event);
          if (subscription.buffer.length > this.config.live.maxQueue) overflowing.add(subscription.socket);
        }
        if (this.server.adapter.rooms.has(room)) this.server.to(room).emit('event', this.present(room, event));
      }
    }
    tallied.forEach((consultationId) => this.tallies.changed(consultationId));
    // A socket whose buffer overflowed while catching up is told to come back with `after`.
    overflowing.forEach((socket) => this.overflow(socket, `more than ${this.config.live.maxQueue} events arrived while catching up`));
  }

  /** The event as a room sees it: a comment hidden since it was posted is shown without its body. */
  private present(room: string, event: RecordedEvent): LiveEvent {
    if (event.type === 'CommentPosted') {
      const comment = this.readModels.get<CommentView>(COMMENTS, (event.data as { commentId: string }).commentId);
      if (comment?.hidden) return liveEvent(room, { ...event, data: { ...(event.data as object), body: null, hidden: true } });
    }
    return liveEvent(room, event);
  }

  private sendTally(consultationId: string): void {
    const room = `consultation:${consultationId}`;
    if (!this.server.adapter.rooms.has(room)) return;
    const tally = this.tallyFor(consultationId);
    if (!tally) return;
    this.server.to(resultsRoom(room)).emit('tally', tally(true));
    this.server.to(room).except(resultsRoom(room)).emit('tally', tally(false));
  }

  private sendTallyTo(socket: Socket, consultationId: string, actor: Actor): void {
    const tally = this.tallyFor(consultationId);
    if (tally) socket.emit('tally', tally(isModerator(actor)));
  }

  /** The tally message as a viewer may see it; individual ballots are never part of it. */
  private tallyFor(consultationId: string) {
    const consultation = this.readModels.get<ConsultationView>(CONSULTATIONS, consultationId);
    const tally = this.readModels.get<TallyView>(TALLIES, consultationId);
    if (!consultation || !tally) return undefined;
    return (runsConsultations: boolean) => {
      const { position: _, ...visible } = resultsFor(consultation, tally, runsConsultations);
      return { ...visible, position: Math.max(tally.position, consultation.position) };
    };
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

  private waiting(room: string): Set<RoomSubscription> {
    let waiting = this.catchingUp.get(room);
    if (!waiting) this.catchingUp.set(room, (waiting = new Set()));
    return waiting;
  }

  private stopWaiting(subscription: RoomSubscription): void {
    const waiting = this.catchingUp.get(subscription.room);
    waiting?.delete(subscription);
    if (waiting?.size === 0) this.catchingUp.delete(subscription.room);
  }

  private cancel(subscription: RoomSubscription, socket: Socket = subscription.socket): void {
    subscription.cancelled = true;
    this.stopWaiting(subscription);
    socket.leave(subscription.room);
    socket.leave(resultsRoom(subscription.room));
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
    if (queued(socket) > limit / 2) throw new QueueOverflow(`the client did not read its ${queued(socket)} waiting messages in time`);
  }

  private checkQueues(): void {
    for (const socket of this.server.sockets.values()) {
      if (queued(socket) > this.config.live.maxQueue) {
        this.overflow(socket, `more than ${this.config.live.maxQueue} messages waiting for a slow connection`);
      }
    }
  }

  /**
   * Drops what a slow client has not read, tells it why, and disconnects it: its memory is released and
   * it resubscribes with `after` = the last position it saw, losing nothing.
   */
  private overflow(socket: Socket, reason: string): void {
    if (!socket.connected) return;
    this.logger.warn(`disconnecting ${socket.id} (${stateOf(socket).actor?.id}): ${reason}`);
    (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length = 0;
    socket.emit('overflow', { reason, resubscribe: 'subscribe again with after = the last position you received' });
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

class QueueOverflow extends Error {}
