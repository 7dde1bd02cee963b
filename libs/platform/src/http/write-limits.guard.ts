import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Actor } from '../auth/actor';
import { APP_CONFIG, AppConfig } from '../config';
import { type Text, t } from '../i18n/text';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every write lands in the log for good: each client address, and each signed-in user whatever their
 * addresses, may make so many writes per window (`config.limits`); past that, 429 with `Retry-After`, and
 * nothing is recorded. Runs after the AuthGuard, which names the user. Counts are kept per node.
 */
@Injectable()
export class WriteLimitGuard implements CanActivate {
  private readonly perAddress: RateLimiterMemory;
  private readonly perUser: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { windowSeconds, writesPerAddress, writesPerUser } = config.limits;
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: writesPerAddress, duration: windowSeconds });
    this.perUser = new RateLimiterMemory({ keyPrefix: 'user', points: writesPerUser, duration: windowSeconds });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<{ method: string; ip?: string; actor?: Actor }>();
    if (READS.has(request.method)) return true;
    const { windowSeconds, writesPerAddress, writesPerUser } = this.config.limits;
    await this.consume(context, this.perAddress, request.ip ?? 'unknown', t`${writesPerAddress} writes from one address`, windowSeconds);
    if (request.actor) await this.consume(context, this.perUser, request.actor.id, t`${writesPerUser} writes by one user`, windowSeconds);
    return true;
  }

  private async consume(context: ExecutionContext, limiter: RateLimiterMemory, key: string, allowance: Text, windowSeconds: number) {
    try {
      await limiter.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      context.switchToHttp().getResponse().setHeader('Retry-After', String(retryAfter));
      throw new HttpException(
        t`too many writes: at most ${allowance} per ${windowSeconds} s; retry after ${retryAfter} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
