import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { ProjectionRunner } from '../projections/projection-runner';
import { READ_YOUR_WRITES_TIMEOUT_MS } from '../queries/read-side';
import { t } from '../i18n/text';

/**
 * Read-your-writes: a GET with `?minPosition=N` waits until the read models have applied position N
 * (up to 5 s, then 503), so a client reads what its command just wrote.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly projections: ProjectionRunner) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest();
    if (request.method !== 'GET' || request.query?.minPosition === undefined) return next.handle();
    const raw = request.query.minPosition;
    const position = Number(raw);
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(position)) {
      throw new BadRequestException(t`minPosition must be a non-negative integer`);
    }
    // Express 5 parses `query` in a getter on every access: shadow it with the rest of the query.
    const { minPosition: _, ...rest } = request.query;
    Object.defineProperty(request, 'query', { value: rest, writable: true, configurable: true, enumerable: true });
    return from(this.projections.waitFor(position, READ_YOUR_WRITES_TIMEOUT_MS)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw new ServiceUnavailableException(
            t`read models have not reached position ${position} within ${READ_YOUR_WRITES_TIMEOUT_MS} ms (at ${this.projections.position})`,
          );
        }
        return next.handle();
      }),
    );
  }
}
