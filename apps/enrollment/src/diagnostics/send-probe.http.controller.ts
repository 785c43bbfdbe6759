import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics, type DiagnosticProbeSent } from '@fpi/contracts';
import { writeOutbox } from '@fpi/messaging';
import { CLOCK, NoBody, Roles, type Clock } from '@fpi/platform';
import { OutboxRelayService } from '../outbox/outbox.module';

/**
 * An operator's canary: writes a probe event through the same outbox as every business event, so that its
 * arrival in reporting proves outbox -> relay -> Kafka -> consumer end to end.
 */
@ApiTags('diagnostics')
@Controller('diagnostics/probes')
export class SendProbeHttpController {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRelayService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'The probe is durably queued for publication.' })
  async send(@NoBody() _body: void): Promise<{ probeId: string; topic: string }> {
    const probeId = randomUUID();
    const sentAt = this.clock.now().toISOString();
    const event: DiagnosticProbeSent = { type: 'DiagnosticProbeSent', version: 1, probeId, sentBy: 'enrollment', sentAt };
    await this.ds.transaction((m) =>
      writeOutbox(m, [{ id: probeId, topic: Topics.diagnostics, key: probeId, type: 'fpi.platform.DiagnosticProbeSent.v1', source: 'fpi/enrollment', time: sentAt, value: event }]),
    );
    this.outbox.relay.notify();
    return { probeId, topic: Topics.diagnostics };
  }
}
