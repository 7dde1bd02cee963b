import { DynamicModule, Module } from '@nestjs/common';
import type { LiveRooms } from '@cocrea/platform';
import { LiveDocsController } from './live-docs.controller';
import { LiveGateway } from './live.gateway';
import { LIVE_ROOMS } from './rooms';

/** Live updates over socket.io: rooms with gap-free catch-up, coalesced tallies, presence. */
@Module({})
export class LiveModule {
  /** The rooms are the features': the app passes those of every registered feature (`Feature.rooms`). */
  static forRoot(rooms: readonly LiveRooms[]): DynamicModule {
    return { module: LiveModule, controllers: [LiveDocsController], providers: [{ provide: LIVE_ROOMS, useValue: rooms }, LiveGateway] };
  }
}
