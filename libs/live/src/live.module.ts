import { Module } from '@nestjs/common';
import { LiveGateway } from './live.gateway';

/** Live updates over socket.io: rooms with gap-free catch-up, coalesced tallies, presence. */
@Module({ providers: [LiveGateway] })
export class LiveModule {}
