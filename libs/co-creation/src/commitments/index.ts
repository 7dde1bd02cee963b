export * from './commitment.decider';
export * from './commitment.projection';
export * from './commitments.module';
export * from './commitment.rooms';
