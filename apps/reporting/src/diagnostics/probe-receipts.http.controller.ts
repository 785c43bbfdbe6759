import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ApiError, Roles } from '@fpi/platform';

@ApiTags('diagnostics')
@Controller('diagnostics/probes')
export class ProbeReceiptsHttpController {
  constructor(private readonly ds: DataSource) {}

  @Get(':probeId')
  @Roles('admin')
  async get(@Param('probeId', new ParseUUIDPipe()) probeId: string): Promise<{ probeId: string; sentBy: string; sentAt: string; receivedAt: string; topic: string; partition: number; offset: string }> {
    const rows: { probe_id: string; sent_by: string; sent_at: Date; received_at: Date; topic: string; partition: number; offset: string }[] = await this.ds.query(
      'SELECT * FROM diagnostic_probes_received WHERE probe_id = $1',
      [probeId],
    );
    const r = rows[0];
    if (!r) throw new ApiError('not_found', 'DIAGNOSTICS.PROBE_NOT_RECEIVED', `probe ${probeId} has not been received (yet)`);
    return { probeId: r.probe_id, sentBy: r.sent_by, sentAt: r.sent_at.toISOString(), receivedAt: r.received_at.toISOString(), topic: r.topic, partition: r.partition, offset: r.offset };
  }
}
