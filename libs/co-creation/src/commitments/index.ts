export * from './commitment.decider';
export * from './commitment.projection';
export * from './commitments.module';
export * from './commitment.commands';
export * from './commitment.queries';
export * from './commitment.rooms';
export { AddMilestoneDto, FollowUpResponse } from './commitment.dto';
