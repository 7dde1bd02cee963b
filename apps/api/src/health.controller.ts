import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProjectionRunner, Public } from '@cocrea/platform';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly projections: ProjectionRunner) {}

  /** `{ status: "ok" }`; a 503 when the read models stopped following the log, so an orchestrator notices. */
  @Public()
  @Get('health')
  health() {
    if (this.projections.failed) {
      throw new ServiceUnavailableException(`read models stopped at position ${this.projections.position}: see the server log`);
    }
    return { status: 'ok' };
  }
}
