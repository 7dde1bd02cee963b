export * from './live-feed.projection';
export * from './live.module';
export * from './room-subscription';
export * from './rooms';
export * from './live.adapter';
export * from './asyncapi';
export * from './messages.es';
