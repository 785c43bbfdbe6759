import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, NoBody, Roles } from '@fpi/platform';
import { HistoryTruncatedError, RebuildInProgressError, type Generation } from '../../projections/generations';
import { ProjectionSupervisor } from '../../projections/projection-supervisor';

/**
 * Replays both topics from the beginning into a fresh generation of tables under a new consumer group,
 * beside the live one; when it has caught up with every partition the read views move to it in one
 * transaction (no downtime) and the old generation is retired.
 */
@ApiTags('admin')
@Controller('admin/rebuilds')
export class StartRebuildHttpController {
  constructor(private readonly supervisor: ProjectionSupervisor) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Rebuild the projections from the topics into a new generation, then switch over' })
  async start(@NoBody() _body: void): Promise<{ generation: string; status: Generation['status']; createdAt: string }> {
    try {
      const g = await this.supervisor.startRebuild();
      return { generation: g.schema, status: g.status, createdAt: g.createdAt };
    } catch (e) {
      if (e instanceof RebuildInProgressError) throw new ApiError('conflict', 'REPORTING.REBUILD_IN_PROGRESS', e.message, { generation: e.schema });
      if (e instanceof HistoryTruncatedError) {
        throw new ApiError('conflict', 'REPORTING.HISTORY_TRUNCATED', `${e.message}. The live tables stay as they are; give the topics retention.ms=-1 (README) and restore the events before rebuilding.`, { truncated: e.truncated });
      }
      throw e;
    }
  }
}
