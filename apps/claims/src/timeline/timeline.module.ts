import { Module } from '@nestjs/common';
import { pgPoolOf } from '@fpi/platform';
import { DataSource } from 'typeorm';
import { ExportTimelineHttpController } from './export-timeline/export-timeline.http.controller';
import { GetTimelineHttpController } from './get-timeline/get-timeline.http.controller';
import { TimelineReader } from './timeline.reader';
import { TIMELINE_POOL } from './timeline.tokens';

/**
 * Supervisors' audit timelines and their exports. The lines are written by the claims read-model projection,
 * which runs in QueueModule; `asOf` reads the event store. Needs the global DataSource, CLOCK, LIMITS and
 * EVENT_STORE.
 */
@Module({
  controllers: [GetTimelineHttpController, ExportTimelineHttpController],
  providers: [{ provide: TIMELINE_POOL, inject: [DataSource], useFactory: (ds: DataSource) => pgPoolOf(ds) }, TimelineReader],
})
export class TimelineModule {}
