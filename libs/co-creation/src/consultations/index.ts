export * from './consultation.decider';
export * from './ballot.decider';
export * from './consultation.results';
export * from './consultation.projection';
export * from './consultations.module';
export * from './consultation.commands';
export * from './consultation.queries';
export * from './consultation.rooms';
