import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@cocrea/platform';

/** Where things are, for whoever opens the server's address. */
@ApiTags('health')
@Controller()
export class IndexController {
  @Public()
  @Get()
  @ApiOperation({ summary: 'where the API description, the public record, health and metrics are' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true, description: 'paths by what they serve' } })
  index() {
    return {
      name: 'Cocrea',
      description: 'Event-sourced co-creation of open-government action plans',
      api: { page: '/api/docs', openapi: '/api/docs-json', asyncapi: '/api/docs/asyncapi.json' },
      publicRecord: {
        plans: '/api/plans',
        export: '/api/audit/public-export',
        checkpoints: '/api/audit/checkpoints',
        keys: '/api/audit/keys',
        verifier: '/api/audit/verifier.mjs',
      },
      live: { namespace: '/live' },
      health: { status: '/health', live: '/health/live', ready: '/health/ready' },
      metrics: '/metrics',
    };
  }
}
