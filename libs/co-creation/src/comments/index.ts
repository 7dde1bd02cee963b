export * from './comment.decider';
export * from './comment-thread';
export * from './comment.projection';
export * from './comments.module';
export * from './comment.commands';
export * from './comment.queries';
export * from './comment.rooms';
