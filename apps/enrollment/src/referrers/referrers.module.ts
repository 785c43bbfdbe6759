import { Module } from '@nestjs/common';
import { GetReferrersHandler } from './get-referrers/get-referrers.handler';
import { GetReferrersHttpController } from './get-referrers/get-referrers.http.controller';
import { RegisterReferrerHandler } from './register-referrer/register-referrer.handler';
import { RegisterReferrerHttpController } from './register-referrer/register-referrer.http.controller';
import { ReferrerRepository } from './referrer.repository';

@Module({
  controllers: [RegisterReferrerHttpController, GetReferrersHttpController],
  providers: [ReferrerRepository, RegisterReferrerHandler, GetReferrersHandler],
  exports: [ReferrerRepository],
})
export class ReferrersModule {}
