import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommitObserver } from '@cocrea/event-store';

/** What `/metrics` reads at scrape time rather than counts as it goes. */
export interface MetricSources {
  /** The last position of the log. */
  head(): Promise<number>;
  /** Each projection's checkpoint. */
  checkpoints(): Array<{ projection: string; position: number }>;
  /** The last position the Kafka relay had confirmed, when this node runs one. */
  relayed?(): number | undefined;
}

interface HttpRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
interface HttpResponse {
  statusCode: number;
  on(event: 'finish', listener: () => void): void;
}

/**
 * The Prometheus series of one server, in a registry of its own (two servers in one process, as in the tests,
 * do not mix their counts). Served at `/metrics` in the text format.
 */
export class Metrics {
  readonly registry = new Registry();
  private sources?: MetricSources;
  private openRooms?: () => number;

  readonly httpDuration = new Histogram({
    name: 'cocrea_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly appends = new Counter({
    name: 'cocrea_appends_total',
    help: 'appends answered by the event store (each a command on one stream)',
    registers: [this.registry],
  });
  readonly events = new Counter({ name: 'cocrea_events_appended_total', help: 'events recorded in the log', registers: [this.registry] });
  readonly batchSize = new Histogram({
    name: 'cocrea_group_commit_appends',
    help: 'appends committed together in one transaction (one fsync)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers: [this.registry],
  });
  readonly sockets = new Gauge({ name: 'cocrea_live_sockets', help: 'connected sockets on /live', registers: [this.registry] });
  readonly tallies = new Counter({
    name: 'cocrea_live_tallies_sent_total',
    help: 'tally messages sent to sockets',
    registers: [this.registry],
  });
  readonly slowSockets = new Counter({
    name: 'cocrea_live_slow_sockets_dropped_total',
    help: 'sockets disconnected because too many messages were waiting for them',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cocrea_' });
    const metrics = this;
    new Gauge({
      name: 'cocrea_projection_lag_events',
      help: 'positions between the head of the log and each projection’s checkpoint',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        if (!metrics.sources) return;
        const head = await metrics.sources.head();
        for (const { projection, position } of metrics.sources.checkpoints()) this.set({ projection }, Math.max(0, head - position));
      },
    });
    new Gauge({
      name: 'cocrea_live_rooms',
      help: 'rooms with at least one socket',
      registers: [this.registry],
      collect() {
        this.set(metrics.openRooms?.() ?? 0);
      },
    });
    new Gauge({
      name: 'cocrea_kafka_relay_lag_events',
      help: 'positions between the head of the log and the last one Kafka confirmed (only on a node that relays)',
      registers: [this.registry],
      async collect() {
        const relayed = metrics.sources?.relayed?.();
        if (relayed === undefined || !metrics.sources) return;
        this.set(Math.max(0, (await metrics.sources.head()) - relayed));
      },
    });
  }

  /** Where the scrape-time series come from, once the store and the projections exist. */
  readFrom(sources: MetricSources): void {
    this.sources = sources;
  }

  /** Counted at scrape time, so that joining and leaving rooms pay nothing for it. */
  countRoomsWith(count: () => number): void {
    this.openRooms = count;
  }

  /** For the event store: counts appends, events and batch sizes. */
  readonly onCommit: CommitObserver = ({ appends, events }) => {
    this.appends.inc(appends);
    this.events.inc(events);
    this.batchSize.observe(appends);
  };

  /** Express middleware: each request's duration by the route it matched (`unmatched` for a 404 of no route). */
  readonly http = (request: HttpRequest, response: HttpResponse, next: () => void): void => {
    const end = this.httpDuration.startTimer();
    response.on('finish', () => {
      // Nest answers a path no route matches through a catch-all route of its own (`{/*splat}`).
      const path = request.route?.path;
      const route = path === undefined || String(path).includes('*') ? 'unmatched' : `${request.baseUrl ?? ''}${String(path)}`;
      end({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
