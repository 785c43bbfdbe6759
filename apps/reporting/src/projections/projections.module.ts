import { Module } from '@nestjs/common';
import { DropGenerationHttpController } from '../rebuild/drop-generation/drop-generation.http.controller';
import { ListGenerationsHttpController } from '../rebuild/list-generations/list-generations.http.controller';
import { StartRebuildHttpController } from '../rebuild/start-rebuild/start-rebuild.http.controller';
import { AbandonRebuildHttpController } from '../rebuild/abandon-rebuild/abandon-rebuild.http.controller';
import { GetStatusHandler } from '../status/get-status/get-status.handler';
import { GetStatusHttpController } from '../status/get-status/get-status.http.controller';
import { ProjectionSupervisor } from './projection-supervisor';

@Module({
  controllers: [GetStatusHttpController, StartRebuildHttpController, AbandonRebuildHttpController, ListGenerationsHttpController, DropGenerationHttpController],
  providers: [ProjectionSupervisor, GetStatusHandler],
})
export class ProjectionsModule {}
