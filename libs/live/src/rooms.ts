import type { RecordedEvent } from '@cocrea/event-store';

/**
 * Which live rooms an event belongs to. Pure: given an event and the route of its stream (established by an
 * earlier event of that stream), the same rooms, so that the catch-up feed and the live stream agree.
 */
export const ROOM_KINDS = ['plan', 'working-group', 'proposal', 'consultation', 'commitment'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ROOM = new RegExp(`^(${ROOM_KINDS.join('|')}):(${UUID})$`);

export interface ParsedRoom {
  room: string;
  kind: RoomKind;
  id: string;
}

export const parseRoom = (room: unknown): ParsedRoom | undefined => {
  if (typeof room !== 'string') return undefined;
  const match = ROOM.exec(room.toLowerCase());
  return match ? { room: room.toLowerCase(), kind: match[1] as RoomKind, id: match[2] } : undefined;
};

/** The stream whose existence makes a room real. */
export const STREAM_CATEGORY_OF_ROOM: Record<RoomKind, string> = {
  plan: 'plan',
  'working-group': 'workingGroup',
  proposal: 'proposal',
  consultation: 'consultation',
  commitment: 'commitment',
};

/** What the first event of a stream tells about where its later events go. */
export interface Route {
  planId?: string;
  workingGroupId?: string;
  /** For comments: the room of what they comment on. */
  target?: string;
}

const categoryOf = (streamId: string) => streamId.slice(0, streamId.indexOf('-'));
const idOf = (streamId: string) => streamId.slice(streamId.indexOf('-') + 1);

/** The categories of the streams whose events go to rooms: every one but the ballots, which are never broadcast. */
export const ROOM_STREAM_CATEGORIES = ['plan', 'workingGroup', 'proposal', 'consultation', 'commitment', 'comment'] as const;

/** The categories whose rooms depend on a route: the events of the others go to rooms named by their stream alone. */
const ROUTED_CATEGORIES = new Set(['proposal', 'consultation', 'commitment', 'comment']);

/** Whether the rooms of this stream's events depend on its route (most events, the votes among them, do not). */
export const needsRoute = (streamId: string): boolean => ROUTED_CATEGORIES.has(categoryOf(streamId));

const PROPOSAL_LIFECYCLE = new Set(['ProposalDrafted', 'ProposalSubmitted', 'ProposalAccepted', 'ProposalRejected', 'ProposalWithdrawn']);

/** The route an event establishes for its stream, if it is the kind of event that does. */
export const routeEstablishedBy = (event: RecordedEvent): Route | undefined => {
  const data = event.data as Record<string, string>;
  switch (event.type) {
    case 'ProposalDrafted':
      return { planId: data.planId, workingGroupId: data.workingGroupId };
    case 'ConsultationScheduled':
    case 'CommitmentAdopted':
      return { planId: data.planId };
    case 'CommentPosted':
      return { target: `${data.targetType}:${data.targetId}` };
    default:
      return undefined;
  }
};

export const roomsOf = (event: RecordedEvent, route: Route | undefined): string[] => {
  const id = idOf(event.streamId);
  const rooms: Array<string | false | undefined> = [];
  switch (categoryOf(event.streamId)) {
    case 'plan':
      rooms.push(`plan:${id}`);
      break;
    case 'workingGroup':
      rooms.push(`working-group:${id}`);
      break;
    case 'proposal':
      rooms.push(
        `proposal:${id}`,
        route?.workingGroupId && `working-group:${route.workingGroupId}`,
        PROPOSAL_LIFECYCLE.has(event.type) && route?.planId && `plan:${route.planId}`,
      );
      break;
    case 'consultation':
      rooms.push(`consultation:${id}`, route?.planId && `plan:${route.planId}`);
      break;
    case 'commitment':
      rooms.push(`commitment:${id}`, event.type === 'CommitmentAdopted' && route?.planId && `plan:${route.planId}`);
      break;
    case 'comment':
      rooms.push(route?.target);
      break;
    // Ballots are never broadcast: a room sees tallies, not who voted for what.
  }
  return rooms.filter((room): room is string => typeof room === 'string' && room.length > 0);
};

/** What a subscriber receives for one event of a room. */
export interface LiveEvent {
  room: string;
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
}

export const liveEvent = (room: string, event: RecordedEvent): LiveEvent => ({
  room,
  id: event.id,
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  recordedAt: event.recordedAt,
  data: event.data,
  metadata: event.metadata,
});
