export * from './plan.decider';
export * from './plan.projection';
export * from './plans.module';
export * from './plan.commands';
export * from './plan.queries';
export * from './plan.rooms';
