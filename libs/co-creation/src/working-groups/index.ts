export * from './working-group.decider';
export * from './working-group.projection';
export * from './working-groups.module';
export * from './working-group.commands';
export * from './working-group.queries';
export * from './working-group.rooms';
