import { Module } from '@nestjs/common';
import { ApproveClaimHandler } from './approve-claim/approve-claim.handler';
import { ApproveClaimHttpController } from './approve-claim/approve-claim.http.controller';
import { AssessClaimHandler } from './assess-claim/assess-claim.handler';
import { AssessClaimHttpController } from './assess-claim/assess-claim.http.controller';
import { CloseClaimHandler } from './close-claim/close-claim.handler';
import { CloseClaimHttpController } from './close-claim/close-claim.http.controller';
import { GetClaimHandler } from './get-claim/get-claim.handler';
import { GetClaimHttpController } from './get-claim/get-claim.http.controller';
import { ListClaimsHandler } from './list-claims/list-claims.handler';
import { ListClaimsHttpController } from './list-claims/list-claims.http.controller';
import { PayDeterminedPartHandler } from './pay-determined-part/pay-determined-part.handler';
import { PayDeterminedPartHttpController } from './pay-determined-part/pay-determined-part.http.controller';
import { ReceiveDocumentsHandler } from './receive-documents/receive-documents.handler';
import { ReceiveDocumentsHttpController } from './receive-documents/receive-documents.http.controller';
import { RecordFollowUpHandler } from './record-follow-up/record-follow-up.handler';
import { RecordFollowUpHttpController } from './record-follow-up/record-follow-up.http.controller';
import { RecordPaymentHandler } from './record-payment/record-payment.handler';
import { RecordPaymentHttpController } from './record-payment/record-payment.http.controller';
import { RegisterClaimHandler } from './register-claim/register-claim.handler';
import { RegisterClaimHttpController } from './register-claim/register-claim.http.controller';
import { RejectClaimHandler } from './reject-claim/reject-claim.handler';
import { RejectClaimHttpController } from './reject-claim/reject-claim.http.controller';
import { ReopenClaimHandler } from './reopen-claim/reopen-claim.handler';
import { ReopenClaimHttpController } from './reopen-claim/reopen-claim.http.controller';
import { ReportClaimHandler } from './report-claim/report-claim.handler';
import { ReportClaimHttpController } from './report-claim/report-claim.http.controller';
import { RequestDocumentsHandler } from './request-documents/request-documents.handler';
import { RequestDocumentsHttpController } from './request-documents/request-documents.http.controller';
import { ReversePaymentHandler } from './reverse-payment/reverse-payment.handler';
import { ReversePaymentHttpController } from './reverse-payment/reverse-payment.http.controller';
import { SchedulePaymentHandler } from './schedule-payment/schedule-payment.handler';
import { SchedulePaymentHttpController } from './schedule-payment/schedule-payment.http.controller';
import { SendRejectionNoticeHandler } from './send-rejection-notice/send-rejection-notice.handler';
import { SendRejectionNoticeHttpController } from './send-rejection-notice/send-rejection-notice.http.controller';
import { WithdrawClaimHandler } from './withdraw-claim/withdraw-claim.handler';
import { WithdrawClaimHttpController } from './withdraw-claim/withdraw-claim.http.controller';

/** The claim lifecycle over REST: one folder per use case (controller, request DTO, handler). */
@Module({
  controllers: [
    ListClaimsHttpController,
    ReportClaimHttpController,
    GetClaimHttpController,
    RegisterClaimHttpController,
    RequestDocumentsHttpController,
    ReceiveDocumentsHttpController,
    AssessClaimHttpController,
    ApproveClaimHttpController,
    RejectClaimHttpController,
    SendRejectionNoticeHttpController,
    PayDeterminedPartHttpController,
    SchedulePaymentHttpController,
    RecordPaymentHttpController,
    ReversePaymentHttpController,
    RecordFollowUpHttpController,
    CloseClaimHttpController,
    WithdrawClaimHttpController,
    ReopenClaimHttpController,
  ],
  providers: [
    ListClaimsHandler,
    ReportClaimHandler,
    GetClaimHandler,
    RegisterClaimHandler,
    RequestDocumentsHandler,
    ReceiveDocumentsHandler,
    AssessClaimHandler,
    ApproveClaimHandler,
    RejectClaimHandler,
    SendRejectionNoticeHandler,
    PayDeterminedPartHandler,
    SchedulePaymentHandler,
    RecordPaymentHandler,
    ReversePaymentHandler,
    RecordFollowUpHandler,
    CloseClaimHandler,
    WithdrawClaimHandler,
    ReopenClaimHandler,
  ],
})
export class ClaimsModule {}
