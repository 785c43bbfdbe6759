import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { ReferrersModule } from '../referrers/referrers.module';
import { AdvancePolicyLifecycleHandler, LifecycleScheduler } from './advance-policy-lifecycle/advance-policy-lifecycle.handler';
import { AdvancePolicyLifecycleHttpController } from './advance-policy-lifecycle/advance-policy-lifecycle.http.controller';
import { ApplyForPolicyHandler } from './apply-for-policy/apply-for-policy.handler';
import { ApplyForPolicyHttpController } from './apply-for-policy/apply-for-policy.http.controller';
import { CancelPolicyHandler } from './cancel-policy/cancel-policy.handler';
import { CancelPolicyHttpController } from './cancel-policy/cancel-policy.http.controller';
import { DeliverPolicyHandler } from './deliver-policy/deliver-policy.handler';
import { DeliverPolicyHttpController } from './deliver-policy/deliver-policy.http.controller';
import { GetPoliciesHandler } from './get-policies/get-policies.handler';
import { GetPoliciesHttpController } from './get-policies/get-policies.http.controller';
import { IssuePolicyHandler } from './issue-policy/issue-policy.handler';
import { IssuePolicyHttpController } from './issue-policy/issue-policy.http.controller';
import { ListOverduePoliciesHandler } from './list-overdue-policies/list-overdue-policies.handler';
import { ListOverduePoliciesHttpController } from './list-overdue-policies/list-overdue-policies.http.controller';
import { PolicyEnrolment } from './policy-enrolment';
import { PolicyRepository } from './policy.repository';
import { PolicyTransitions } from './policy-transitions';
import { RecordPremiumPaymentHandler } from './record-premium-payment/record-premium-payment.handler';
import { RecordPremiumPaymentHttpController } from './record-premium-payment/record-premium-payment.http.controller';
import { RenewPolicyHandler } from './renew-policy/renew-policy.handler';
import { RenewPolicyHttpController } from './renew-policy/renew-policy.http.controller';

@Module({
  imports: [HouseholdsModule, ProgrammesModule, ReferrersModule],
  controllers: [
    ApplyForPolicyHttpController,
    GetPoliciesHttpController,
    RecordPremiumPaymentHttpController,
    IssuePolicyHttpController,
    DeliverPolicyHttpController,
    CancelPolicyHttpController,
    RenewPolicyHttpController,
    AdvancePolicyLifecycleHttpController,
    ListOverduePoliciesHttpController,
  ],
  providers: [
    PolicyRepository,
    PolicyTransitions,
    PolicyEnrolment,
    ApplyForPolicyHandler,
    RecordPremiumPaymentHandler,
    IssuePolicyHandler,
    DeliverPolicyHandler,
    CancelPolicyHandler,
    RenewPolicyHandler,
    AdvancePolicyLifecycleHandler,
    LifecycleScheduler,
    GetPoliciesHandler,
    ListOverduePoliciesHandler,
  ],
  exports: [PolicyRepository],
})
export class PoliciesModule {}
