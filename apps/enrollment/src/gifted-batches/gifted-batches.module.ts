import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { PoliciesModule } from '../policies/policies.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ReferrersModule } from '../referrers/referrers.module';
import { GetGiftedBatchHttpController } from './get-gifted-batch/get-gifted-batch.http.controller';
import { ImportGiftedBatchHandler } from './import-gifted-batch/import-gifted-batch.handler';
import { ImportGiftedBatchHttpController } from './import-gifted-batch/import-gifted-batch.http.controller';

@Module({
  imports: [HouseholdsModule, PoliciesModule, ProgrammesModule, ReferrersModule],
  controllers: [ImportGiftedBatchHttpController, GetGiftedBatchHttpController],
  providers: [ImportGiftedBatchHandler],
})
export class GiftedBatchesModule {}
