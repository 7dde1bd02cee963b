import { eventOf, liveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { type PlanRoute, planRoom, planRouteFrom } from '../plans';
import { BALLOT_CATEGORY, type BallotEvent } from './ballot.decider';
import { CONSULTATION_CATEGORY, CONSULTATION_STATUSES, TALLY_VISIBILITIES, type ConsultationEvent } from './consultation.decider';
import { CONSULTATIONS, TALLIES, type ConsultationView, type TallyView } from './consultation.projection';
import { resultsFor } from './consultation.results';

const KIND = 'consultation';

/**
 * A consultation's room gets its lifecycle (its plan's room too) and its tally, coalesced. Ballots are never
 * broadcast: a room sees tallies, not who voted for what.
 */
export const consultationRooms = liveRooms<ConsultationEvent, PlanRoute>({
  kind: KIND,
  category: CONSULTATION_CATEGORY,
  routeEstablishedBy: planRouteFrom('ConsultationScheduled'),
  roomsOf: (event, route) => [roomOfStream(KIND, event.streamId), route?.planId && planRoom(route.planId)],
  coalesced: {
    name: 'tally',
    description: "the consultation's turnout, and its votes per proposal as the visibility rules allow the socket's user",
    schema: {
      type: 'object',
      required: ['consultationId', 'status', 'tallyVisibility', 'turnout', 'position'],
      additionalProperties: false,
      properties: {
        consultationId: { type: 'string', format: 'uuid' },
        status: { type: 'string', enum: [...CONSULTATION_STATUSES] },
        tallyVisibility: { type: 'string', enum: [...TALLY_VISIBILITIES] },
        turnout: { type: 'integer', minimum: 0 },
        results: {
          type: 'array',
          description: 'absent while the rules hide it',
          items: {
            type: 'object',
            required: ['proposalId', 'votes'],
            properties: { proposalId: { type: 'string', format: 'uuid' }, votes: { type: 'integer', minimum: 0 } },
          },
        },
        position: { type: 'integer', description: 'the log position this tally is as of' },
      },
    },
    changedBy: (event) =>
      (eventOf<BallotEvent>(BALLOT_CATEGORY, event) ?? eventOf<ConsultationEvent>(CONSULTATION_CATEGORY, event))?.data.consultationId,
    // The tally as a viewer may see it, never individual ballots: moderators and admins run consultations and see
    // the results always, others as the visibility rule says.
    messageOf: (id, models) => {
      const consultation = models.get<ConsultationView>(CONSULTATIONS, id);
      const tally = models.get<TallyView>(TALLIES, id);
      if (!consultation || !tally) return undefined;
      return (moderator) => {
        const { position: _, ...visible } = resultsFor(consultation, tally, moderator);
        return { ...visible, position: Math.max(tally.position, consultation.position) };
      };
    },
  },
});
