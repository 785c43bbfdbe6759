import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, NoBody, Roles } from '@fpi/platform';
import { ProjectionSupervisor } from '../../projections/projection-supervisor';

@ApiTags('admin')
@Controller('admin/rebuilds')
export class AbandonRebuildHttpController {
  constructor(private readonly supervisor: ProjectionSupervisor) {}

  /**
   * A rebuild that cannot finish (it lost events to retention while it ran, so it is never switched in)
   * would otherwise block every later rebuild; this retires it, and its tables can then be dropped.
   */
  @Delete(':generation')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Abandon a rebuild in progress: its generation is retired and its consumers stop; the live generation is untouched' })
  async abandon(@Param('generation') generation: string, @NoBody() _body: void): Promise<void> {
    if (!/^rm_v[1-9][0-9]{0,5}$/.test(generation)) throw new ApiError('not_found', 'REPORTING.GENERATION_NOT_FOUND', 'no such generation');
    const outcome = await this.supervisor.abandonRebuild(generation);
    if (outcome === 'not_found') throw new ApiError('not_found', 'REPORTING.GENERATION_NOT_FOUND', 'no such generation');
    if (outcome === 'not_building') throw new ApiError('conflict', 'REPORTING.NOT_A_REBUILD', `${generation} is not being rebuilt; only a rebuild in progress can be abandoned`, { generation });
  }
}
