import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@cocrea/event-store';
import { ApiText, Metrics, ProjectionRunner, Public, t } from '@cocrea/platform';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly metrics: Metrics,
  ) {}

  /** `{ status: "ok" }`; a 503 when the read models stopped following the log, so an orchestrator notices. */
  @Public()
  @Get('health')
  @ApiOperation({ summary: 'ok, or 503 when the read models stopped following the log' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  status() {
    if (this.projections.failed) {
      throw new ServiceUnavailableException(t`read models stopped at position ${this.projections.position}: see the server log`);
    }
    return { status: 'ok' };
  }

  /** The process answers: what a liveness probe restarts it on. */
  @Public()
  @Get('health/live')
  @HealthCheck()
  @ApiOperation({ summary: 'liveness: the process answers' })
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  /**
   * Ready for traffic: the log answers, and the read models have caught up with the log as it stood when the server
   * started (and have not stopped since). Until then a load balancer keeps requests away.
   */
  @Public()
  @Get('health/ready')
  @HealthCheck()
  @ApiOperation({ summary: 'readiness: the log answers and the read models caught up with it (503 until then)' })
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicators.check('log');
        try {
          return check.up({ head: await this.store.headPosition() });
        } catch (error) {
          return check.down({ error: String((error as Error)?.message ?? error) });
        }
      },
      async () => {
        const check = this.indicators.check('projections');
        const state = { applied: this.projections.position, caughtUpTo: this.projections.startedBehind };
        if (this.projections.failed) return check.down({ ...state, error: 'stopped: see the server log' });
        return this.projections.caughtUp ? check.up(state) : check.down(state);
      },
    ]);
  }

  /** Prometheus text format: HTTP, the log's appends and group commits, projection lag, sockets, tallies, the relay. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiText('text/plain', 'the Prometheus text exposition format')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
