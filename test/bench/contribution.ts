import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../libs/event-store/src/event-store';

/** The event the store benchmarks append: shaped like the ones Cocrea records, a contribution with its text and the actor's audit trail. */
export const contribution = (writer: number, n: number): NewEvent => ({
  type: 'ContributionSubmitted',
  data: {
    proposalId: `proposal-${writer}`,
    contributionId: randomUUID(),
    section: 'measures',
    text: `Contribution ${n} from writer ${writer}: extend the opening hours of the public library on Sundays.`,
  },
  metadata: { actorId: `citizen-${writer}`, actorName: 'Ada Citizen', roles: ['citizen'], correlationId: randomUUID() },
});
