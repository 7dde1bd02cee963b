import { eventOf, liveRooms, roomOfStream } from '@cocrea/platform/live/rooms';
import { type PlanRoute, planRoom, planRouteFrom } from '../plans';
import { BALLOT_CATEGORY, type BallotEvent } from './ballot.decider';
import { CONSULTATION_CATEGORY, type ConsultationEvent } from './consultation.decider';
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
