import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fpi/platform';
import type { Generation } from '../../projections/generations';
import { ProjectionSupervisor } from '../../projections/projection-supervisor';

@ApiTags('admin')
@Controller('admin/generations')
export class ListGenerationsHttpController {
  constructor(private readonly supervisor: ProjectionSupervisor) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Projection generations: the active one, one being built, retired ones' })
  async list(): Promise<{ items: Generation[] }> {
    return { items: await this.supervisor.generations.list() };
  }
}
