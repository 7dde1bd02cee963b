import type { EventStore, Subscription, SubscriptionHandler } from '@cocrea/event-store';

export interface EventFeed {
  subscribeToAll(after: number, handler: SubscriptionHandler, onError?: (error: unknown) => void): Subscription;
}

/**
 * The event store as the projections see it when the global log reaches this node through another feed
 * (Kafka): every read goes to the store, the subscription to the feed.
 */
export const storeFedBy = (store: EventStore, feed: EventFeed): EventStore =>
  new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'subscribeToAll') return feed.subscribeToAll.bind(feed);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
