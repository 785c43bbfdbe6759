import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError, NoBody, Roles } from '@fpi/platform';
import { ProjectionSupervisor } from '../../projections/projection-supervisor';

@ApiTags('admin')
@Controller('admin/generations')
export class DropGenerationHttpController {
  constructor(private readonly supervisor: ProjectionSupervisor) {}

  /** Retired generations are kept after a switch-over (to compare or fall back) until dropped here. */
  @Delete(':generation')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Drop the tables of a retired generation' })
  async drop(@Param('generation') generation: string, @NoBody() _body: void): Promise<void> {
    if (!/^rm_v[1-9][0-9]{0,5}$/.test(generation)) throw new ApiError('not_found', 'REPORTING.GENERATION_NOT_FOUND', 'no such generation');
    const outcome = await this.supervisor.generations.drop(generation);
    if (outcome === 'not_found') throw new ApiError('not_found', 'REPORTING.GENERATION_NOT_FOUND', 'no such generation');
    if (outcome === 'not_retired') throw new ApiError('conflict', 'REPORTING.GENERATION_IN_USE', 'only a retired generation can be dropped', { generation });
  }
}
