import { Module } from '@nestjs/common';
import { AddHouseholdMemberHandler } from './add-household-member/add-household-member.handler';
import { AddHouseholdMemberHttpController } from './add-household-member/add-household-member.http.controller';
import { GetHouseholdsHandler } from './get-households/get-households.handler';
import { GetHouseholdsHttpController } from './get-households/get-households.http.controller';
import { MemberFactory } from './household.factory';
import { HouseholdRepository } from './household.repository';
import { RegisterHouseholdHandler } from './register-household/register-household.handler';
import { RegisterHouseholdHttpController } from './register-household/register-household.http.controller';
import { UpdateHouseholdHandler } from './update-household/update-household.handler';
import { UpdateHouseholdHttpController } from './update-household/update-household.http.controller';

@Module({
  controllers: [RegisterHouseholdHttpController, GetHouseholdsHttpController, UpdateHouseholdHttpController, AddHouseholdMemberHttpController],
  providers: [HouseholdRepository, MemberFactory, RegisterHouseholdHandler, UpdateHouseholdHandler, AddHouseholdMemberHandler, GetHouseholdsHandler],
  exports: [HouseholdRepository, MemberFactory],
})
export class HouseholdsModule {}
