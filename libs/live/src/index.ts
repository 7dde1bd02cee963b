export * from './live-feed.projection';
export * from './live.module';
export * from './rooms';
