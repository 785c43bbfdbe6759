import {
  CLAIM_BENEFITS,
  CLAIM_CHANNELS,
  CLAIM_REJECTION_REASONS,
  DEADLINE_KINDS,
  FOLLOW_UP_OUTCOMES,
  REOPEN_REASONS,
  REPORTER_RELATIONS,
  REVERSAL_REASONS,
  WITHDRAWAL_REASONS,
  maskIdNumber,
  type ClaimDocument,
  hasValidCheckCharacter,
} from '@fpi/contracts';
import { assessBenefits, maxPayableFen, requiredDocuments, totalFen, type AssessmentInput } from './benefits';
import type {
  ApproveClaim,
  AssessClaim,
  ClaimCommand,
  CloseClaim,
  PayDeterminedPart,
  ReceiveDocuments,
  RecordDeadlineBreach,
  RecordFollowUp,
  RecordPayment,
  RegisterClaim,
  RejectClaim,
  ReopenClaim,
  ReportClaim,
  RequestDocuments,
  ReversePayment,
  SchedulePayment,
  SendRejectionNotice,
  WithdrawClaim,
} from './commands';
import { checkCoverage, validCoverage, type CoverageSnapshot } from './coverage';
import { dueDeadlines } from './deadlines';
import { ClaimError, ensure } from './errors';
import type { Actor, ClaimEvent, ClaimFastTracked, EventStamp, ResumeStatus } from './events';
import { defaultClaimPolicy, fastTrackReasons, type ClaimPolicy } from './policy';
import { evolve, initialState, netPaidFen, type ClaimFile, type ClaimState, type ExistingClaim } from './state';
import { HOUR_MS, msOf, toInstant, type Instant } from './time';
import { actor, benefitList, documentList, member, sameData, text } from './validation';

interface Context {
  now: Instant;
  by: Actor;
  policy: ClaimPolicy;
}

const RESIDENT_ID = /^\d{17}[\dX]$/;
const REGION_CODE = /^\d{6}$/;

const stampOf = (claimId: string, ctx: Context): EventStamp => ({ claimId, at: ctx.now, by: ctx.by });

function existing(state: ClaimState): ExistingClaim {
  if (state.status === 'empty') throw new ClaimError('CLAIM.NOT_FOUND', 'no such claim');
  return state;
}

/** The claim has ended (closed, withdrawn) or stands rejected: only reopening or closing may follow. */
function ensureOpen(state: ExistingClaim): void {
  ensure(state.status !== 'closed', 'CLAIM.CLOSED', 'the claim is closed');
  ensure(state.status !== 'withdrawn', 'CLAIM.WITHDRAWN', 'the claim was withdrawn');
  ensure(state.status !== 'rejected', 'CLAIM.REJECTED', 'the claim was rejected; reopen it first');
}

const isDecided = (state: ExistingClaim): boolean =>
  state.status === 'approved' || state.status === 'payment_scheduled' || state.status === 'paid' || state.status === 'followed_up';

function fastTracked(claim: ClaimFile, coverage: CoverageSnapshot, received: readonly ClaimDocument[], ctx: Context): ClaimFastTracked[] {
  if (claim.fastTrack) return [];
  const reasons = fastTrackReasons(
    { benefits: claim.report.benefits, claimedAmountFen: claim.report.claimedAmountFen, documentsReceived: received, householdVulnerable: coverage.householdVulnerable },
    ctx.policy.fastTrack,
  );
  if (reasons.length === 0) return [];
  const { decisionDays, paymentDays } = ctx.policy.fastTrack.targets;
  return [{ type: 'ClaimFastTracked', data: { ...stampOf(claim.claimId, ctx), reasons, decisionTargetDays: decisionDays, paymentTargetDays: paymentDays } }];
}

function reportClaim({ data }: ReportClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claimId = text(data.claimId, 'claimId', 64);
  const idNumber = text(data.claimant?.idNumber, 'claimant.idNumber', 18).toUpperCase();
  ensure(RESIDENT_ID.test(idNumber), 'CLAIM.INVALID_ID_NUMBER', 'the resident ID number must have 18 characters (17 digits and a digit or X)');
  // A typo in the middle digits would still match the insured member's masked number (first 4, last 4).
  ensure(hasValidCheckCharacter(idNumber), 'CLAIM.INVALID_ID_NUMBER', 'the resident ID number has a wrong check character (GB 11643); check it against the ID card');
  const occurredAt = toInstant(data.accident?.occurredAt, 'accident.occurredAt');
  ensure(msOf(occurredAt) <= msOf(ctx.now), 'CLAIM.ACCIDENT_IN_FUTURE', 'the accident cannot be after the report');
  const regionCode = text(data.accident.regionCode, 'accident.regionCode', 6);
  ensure(REGION_CODE.test(regionCode), 'CLAIM.INVALID_REGION_CODE', 'the accident region code must have 6 digits');
  const benefits = benefitList(data.benefits);
  ensure(benefits.length > 0, 'CLAIM.UNKNOWN_BENEFIT', 'at least one benefit must be claimed');
  const claimed = data.claimedAmountFen;
  ensure(claimed === null || typeof claimed === 'bigint', 'CLAIM.INVALID_COMMAND', 'claimedAmountFen must be bigint fen or null');
  ensure(claimed === null || claimed > 0n, 'CLAIM.AMOUNT_NOT_POSITIVE', 'a claimed amount must be positive');
  const window = ctx.policy.reportingWindowHours;
  const report = {
    householdId: text(data.householdId, 'householdId', 64),
    claimant: { memberId: text(data.claimant.memberId, 'claimant.memberId', 64), idNumberMasked: maskIdNumber(idNumber) },
    accident: {
      occurredAt,
      place: text(data.accident.place, 'accident.place'),
      regionCode,
      causeCode: text(data.accident.causeCode, 'accident.causeCode', 64),
      description: text(data.accident.description, 'accident.description', 2000),
    },
    benefits,
    claimedAmountFen: claimed,
    channel: member(CLAIM_CHANNELS, data.channel, 'channel'),
    reporter: {
      relation: member(REPORTER_RELATIONS, data.reporter?.relation, 'reporter.relation'),
      name: text(data.reporter.name, 'reporter.name', 100),
      phone: data.reporter.phone === null ? null : text(data.reporter.phone, 'reporter.phone', 32),
    },
    documentsProvided: documentList(data.documentsProvided, 'documentsProvided'),
  };
  if (state.status !== 'empty') {
    const { reportingWindowHours: _w, reportedLate: _l, ...stored } = state.report;
    if (state.claimId === claimId && sameData(stored, report)) return [];
    throw new ClaimError('CLAIM.ALREADY_REPORTED', 'a different claim was already reported under this id');
  }
  const reportedLate = msOf(ctx.now) - msOf(occurredAt) > window * HOUR_MS;
  return [{ type: 'ClaimReported', data: { ...stampOf(claimId, ctx), ...report, reportingWindowHours: window, reportedLate } }];
}

function registerClaim({ data }: RegisterClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  if (claim.registration?.cycle === claim.cycle) {
    if (claim.registration.policyId === (data.coverage?.policyId ?? null)) return [];
    throw new ClaimError('CLAIM.ALREADY_REGISTERED', 'the claim was registered against another policy');
  }
  ensure(claim.status !== 'closed', 'CLAIM.CLOSED', 'the claim is closed');
  ensure(claim.status !== 'withdrawn', 'CLAIM.WITHDRAWN', 'the claim was withdrawn');
  ensure(claim.status === 'reported', 'CLAIM.ALREADY_REGISTERED', 'the claim is already registered');
  const coverage = data.coverage === null ? null : validCoverage(data.coverage);
  const stamp = stampOf(claim.claimId, ctx);
  const { report } = claim;
  const check = checkCoverage(coverage, { accidentAt: report.accident.occurredAt, memberId: report.claimant.memberId, benefits: report.benefits });
  if (!check.ok) {
    return [{ type: 'ClaimRejected', data: { ...stamp, reasonCode: check.reasonCode, stage: 'registration', note: check.detail, coverage } }];
  }
  const covered = coverage as CoverageSnapshot;
  const required = requiredDocuments(report.benefits);
  const missing = required.filter((d) => !claim.documents.received.includes(d));
  return [
    { type: 'ClaimRegistered', data: { ...stamp, coverage: covered, requiredDocuments: required, missingDocuments: missing, cycle: claim.cycle } },
    ...fastTracked(claim, covered, claim.documents.received, ctx),
    ...(missing.length === 0 ? [{ type: 'ClaimDocumentsCompleted' as const, data: stamp }] : []),
  ];
}

function requestDocuments({ data }: RequestDocuments, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const noticeId = text(data.noticeId, 'noticeId', 64);
  const { request, required, received } = claim.documents;
  if (request) {
    if (request.noticeId === noticeId) return [];
    // 一次性告知: everything missing goes into one notice; a second notice is what the rule forbids.
    throw new ClaimError('CLAIM.DOCUMENTS_ALREADY_REQUESTED', 'the missing documents were already requested in one notice');
  }
  ensureOpen(claim);
  ensure(claim.status !== 'reported', 'CLAIM.NOT_REGISTERED', 'register the claim before requesting documents');
  ensure(claim.status === 'registered', 'CLAIM.NO_DOCUMENTS_MISSING', 'the documents are already complete');
  const additional = documentList(data.additional ?? [], 'additional');
  const wanted = new Set([...required, ...additional]);
  const missing = documentList([...wanted].filter((d) => !received.includes(d)));
  ensure(missing.length > 0, 'CLAIM.NO_DOCUMENTS_MISSING', 'no document is missing');
  return [{ type: 'ClaimDocumentsRequested', data: { ...stampOf(claim.claimId, ctx), noticeId, documents: missing } }];
}

function receiveDocuments({ data }: ReceiveDocuments, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const documents = documentList(data.documents);
  ensure(documents.length > 0, 'CLAIM.INVALID_COMMAND', 'no documents given');
  const fresh = documents.filter((d) => !claim.documents.received.includes(d));
  if (fresh.length === 0) return [];
  ensureOpen(claim);
  const stamp = stampOf(claim.claimId, ctx);
  const received: ClaimEvent[] = [{ type: 'ClaimDocumentsReceived', data: { ...stamp, documents: fresh } }];
  if (claim.status === 'reported') return received;
  ensure(claim.status === 'registered' || claim.status === 'awaiting_documents', 'CLAIM.DOCUMENTS_ALREADY_COMPLETE', 'the documents were already complete');
  const all = [...claim.documents.received, ...fresh];
  const outstanding = [...claim.documents.required, ...(claim.documents.request?.documents ?? [])].filter((d) => !all.includes(d));
  if (outstanding.length > 0) return received;
  return [...received, { type: 'ClaimDocumentsCompleted', data: stamp }, ...fastTracked(claim, claim.coverage, all, ctx)];
}

function assessClaim({ data }: AssessClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  ensureOpen(claim);
  ensure(claim.status !== 'reported', 'CLAIM.NOT_REGISTERED', 'the claim is not registered');
  ensure(claim.status !== 'registered' && claim.status !== 'awaiting_documents', 'CLAIM.DOCUMENTS_INCOMPLETE', 'documents are not complete');
  if (claim.status !== 'documents_complete' && claim.status !== 'assessed') throw new ClaimError('CLAIM.ALREADY_DECIDED', 'the claim was already approved');
  const coverage = validCoverage(data.coverage);
  ensure(coverage.policyId === claim.coverage.policyId, 'CLAIM.COVERAGE_MISMATCH', 'the coverage is of another policy than the claim was registered under');
  ensure(Array.isArray(data.inputs), 'CLAIM.INVALID_COMMAND', 'inputs must be a list');
  const inputs = data.inputs.map((i): AssessmentInput => ({ ...i, benefit: member(CLAIM_BENEFITS, i?.benefit, 'inputs.benefit', 'CLAIM.UNKNOWN_BENEFIT') }) as AssessmentInput);
  const lines = assessBenefits(coverage, claim.report.claimant.memberId, claim.report.benefits, inputs);
  if (claim.status === 'assessed' && sameData(lines, claim.assessment.lines)) return [];
  const total = totalFen(lines);
  ensure(total >= netPaidFen(claim), 'CLAIM.AMOUNT_BELOW_PAID', 'the assessment is below what was already paid in advance');
  return [{ type: 'ClaimAssessed', data: { ...stampOf(claim.claimId, ctx), coverage, lines, totalFen: total } }];
}

function approveClaim({ data }: ApproveClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const asked = data.approvedFen;
  ensure(asked === undefined || typeof asked === 'bigint', 'CLAIM.INVALID_COMMAND', 'approvedFen must be bigint fen');
  if (claim.approval) {
    if ((asked ?? claim.assessment?.totalFen) === claim.approval.approvedFen) return [];
    throw new ClaimError('CLAIM.ALREADY_DECIDED', 'the claim was already approved with another amount');
  }
  ensureOpen(claim);
  if (claim.status !== 'assessed') throw new ClaimError('CLAIM.NOT_ASSESSED', `the claim is ${claim.status}, not assessed`);
  const approvedFen = asked ?? claim.assessment.totalFen;
  ensure(approvedFen > 0n, 'CLAIM.AMOUNT_NOT_POSITIVE', 'nothing to approve: reject the claim instead');
  ensure(approvedFen <= claim.assessment.totalFen, 'CLAIM.AMOUNT_ABOVE_ASSESSMENT', 'the approved amount is above the assessment');
  ensure(approvedFen >= netPaidFen(claim), 'CLAIM.AMOUNT_BELOW_PAID', 'the approved amount is below what was already paid in advance');
  const fourEyes = approvedFen > ctx.policy.fourEyesAboveFen;
  const assessedBy = claim.assessment.by.id;
  ensure(!fourEyes || ctx.by.id !== assessedBy, 'CLAIM.FOUR_EYES_REQUIRED', 'above the four-eyes amount the approver must not be the assessor');
  return [{ type: 'ClaimApproved', data: { ...stampOf(claim.claimId, ctx), approvedFen, fourEyes, assessedBy } }];
}

function rejectClaim({ data }: RejectClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const reasonCode = member(CLAIM_REJECTION_REASONS, data.reasonCode, 'reasonCode');
  const note = text(data.note, 'note', 2000);
  if (claim.rejection) {
    if (claim.rejection.reasonCode === reasonCode) return [];
    throw new ClaimError('CLAIM.ALREADY_DECIDED', 'the claim was already rejected for another reason');
  }
  ensureOpen(claim);
  ensure(claim.status !== 'reported', 'CLAIM.NOT_REGISTERED', 'register the claim first: the coverage check rejects what is not covered');
  ensure(!isDecided(claim), 'CLAIM.ALREADY_DECIDED', 'the claim was already approved');
  ensure(netPaidFen(claim) === 0n, 'CLAIM.PAYMENT_ALREADY_MADE', 'a part was already paid on this claim');
  return [{ type: 'ClaimRejected', data: { ...stampOf(claim.claimId, ctx), reasonCode, stage: 'decision', note, coverage: null } }];
}

function sendRejectionNotice({ data }: SendRejectionNotice, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const noticeId = text(data.noticeId, 'noticeId', 64);
  const { rejection } = claim;
  if (rejection?.noticeId === noticeId) return [];
  ensure(claim.status === 'rejected' && rejection !== null, 'CLAIM.NOT_REJECTED', 'the claim is not rejected');
  ensure(rejection.noticeId === null, 'CLAIM.REJECTION_NOTICE_ALREADY_SENT', 'the rejection notice was already sent');
  return [{ type: 'ClaimRejectionNoticeSent', data: { ...stampOf(claim.claimId, ctx), noticeId } }];
}

function payDeterminedPart({ data }: PayDeterminedPart, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const paymentId = text(data.paymentId, 'paymentId', 64);
  const paymentReference = text(data.paymentReference, 'paymentReference', 64);
  const basis = text(data.basis, 'basis', 2000);
  const amountFen = data.amountFen;
  ensure(typeof amountFen === 'bigint', 'CLAIM.INVALID_COMMAND', 'amountFen must be bigint fen');
  const known = claim.payments.find((p) => p.paymentId === paymentId);
  if (known) {
    if (known.advance && known.amountFen === amountFen && known.paymentReference === paymentReference) return [];
    throw new ClaimError('CLAIM.PAYMENT_ID_REUSED', 'the payment id was used for another payment');
  }
  ensureOpen(claim);
  ensure(claim.status !== 'reported', 'CLAIM.NOT_REGISTERED', 'the claim is not registered');
  ensure(claim.status !== 'registered' && claim.status !== 'awaiting_documents', 'CLAIM.DOCUMENTS_INCOMPLETE', 'documents are not complete');
  ensure(claim.status === 'documents_complete', 'CLAIM.ALREADY_ASSESSED', 'the amount is fixed: approve and pay it instead');
  ensure(amountFen > 0n, 'CLAIM.AMOUNT_NOT_POSITIVE', 'the amount must be positive');
  ensure(
    netPaidFen(claim) + amountFen <= maxPayableFen(claim.coverage, claim.report.claimant.memberId, claim.report.benefits),
    'CLAIM.AMOUNT_ABOVE_SUM_INSURED',
    'the amount is above what the claimed benefits can pay',
  );
  return [{ type: 'ClaimPartPaidInAdvance', data: { ...stampOf(claim.claimId, ctx), paymentId, amountFen, paymentReference, basis } }];
}

function schedulePayment({ data }: SchedulePayment, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const paymentId = text(data.paymentId, 'paymentId', 64);
  const known = claim.payments.find((p) => p.paymentId === paymentId);
  if (known) {
    if (!known.advance && known.status !== 'reversed') return [];
    throw new ClaimError('CLAIM.PAYMENT_ID_REUSED', 'the payment id was used for another payment');
  }
  ensureOpen(claim);
  ensure(claim.status !== 'payment_scheduled', 'CLAIM.PAYMENT_ALREADY_SCHEDULED', 'a payment is already scheduled');
  ensure(claim.status !== 'paid' && claim.status !== 'followed_up', 'CLAIM.ALREADY_PAID', 'the claim is paid');
  if (claim.status !== 'approved') throw new ClaimError('CLAIM.NOT_APPROVED', `the claim is ${claim.status}, not approved`);
  const amountFen = claim.approval.approvedFen - netPaidFen(claim);
  return [{ type: 'ClaimPaymentScheduled', data: { ...stampOf(claim.claimId, ctx), paymentId, amountFen } }];
}

function recordPayment({ data }: RecordPayment, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const paymentId = text(data.paymentId, 'paymentId', 64);
  const paymentReference = text(data.paymentReference, 'paymentReference', 64);
  const known = claim.payments.find((p) => p.paymentId === paymentId);
  if (known && known.status !== 'scheduled') {
    if (known.status === 'paid' && known.paymentReference === paymentReference) return [];
    throw new ClaimError('CLAIM.ALREADY_PAID', 'this payment was already made');
  }
  ensureOpen(claim);
  ensure(claim.status !== 'paid' && claim.status !== 'followed_up', 'CLAIM.ALREADY_PAID', 'the claim is paid');
  ensure(isDecided(claim), 'CLAIM.NOT_APPROVED', `the claim is ${claim.status}, not approved`);
  ensure(claim.status === 'payment_scheduled', 'CLAIM.PAYMENT_NOT_SCHEDULED', 'no payment is scheduled');
  if (!known) throw new ClaimError('CLAIM.PAYMENT_NOT_FOUND', 'no scheduled payment has this id');
  return [{ type: 'ClaimPaid', data: { ...stampOf(claim.claimId, ctx), paymentId, amountFen: known.amountFen, paymentReference } }];
}

function reversePayment({ data }: ReversePayment, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const paymentId = text(data.paymentId, 'paymentId', 64);
  const reasonCode = member(REVERSAL_REASONS, data.reasonCode, 'reasonCode');
  const payment = claim.payments.find((p) => p.paymentId === paymentId);
  if (!payment) throw new ClaimError('CLAIM.PAYMENT_NOT_FOUND', 'no payment has this id');
  if (payment.status === 'reversed') return [];
  ensure(claim.status !== 'closed', 'CLAIM.CLOSED', 'the claim is closed');
  ensure(payment.status === 'paid' && payment.paymentReference !== null, 'CLAIM.NOT_PAID', 'the payment was not made');
  return [
    {
      type: 'ClaimPaymentReversed',
      data: { ...stampOf(claim.claimId, ctx), paymentId, amountFen: payment.amountFen, paymentReference: payment.paymentReference, reasonCode },
    },
  ];
}

function recordFollowUp({ data }: RecordFollowUp, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const attemptId = text(data.attemptId, 'attemptId', 64);
  const outcome = member(FOLLOW_UP_OUTCOMES, data.outcome, 'outcome');
  if (claim.followUp.attempts.some((a) => a.attemptId === attemptId)) return [];
  ensure(claim.status !== 'closed', 'CLAIM.CLOSED', 'the claim is closed');
  ensure(claim.status !== 'followed_up', 'CLAIM.FOLLOW_UP_ALREADY_COMPLETED', 'the follow-up is complete');
  ensure(claim.status === 'paid', 'CLAIM.NOT_PAID', 'follow-up calls are made once the claim is paid');
  const attempt = claim.followUp.attempts.length + 1;
  const completed = outcome !== 'unreachable' || attempt >= ctx.policy.followUpMaxAttempts;
  return [{ type: 'ClaimFollowUpRecorded', data: { ...stampOf(claim.claimId, ctx), attemptId, attempt, outcome, completed } }];
}

function closeClaim(_command: CloseClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  if (claim.status === 'closed') return [];
  ensure(claim.status !== 'withdrawn', 'CLAIM.WITHDRAWN', 'the claim was withdrawn');
  const stamp = stampOf(claim.claimId, ctx);
  if (claim.status === 'rejected') {
    // Art. 24: the family must have been told why before the file is closed.
    ensure(claim.rejection.noticeSentAt !== null, 'CLAIM.REJECTION_NOTICE_NOT_SENT', 'send the rejection notice first');
    return [{ type: 'ClaimClosed', data: { ...stamp, outcome: 'rejected' } }];
  }
  ensure(claim.status !== 'paid', 'CLAIM.FOLLOW_UP_PENDING', 'the follow-up call is not complete');
  ensure(claim.status === 'followed_up', 'CLAIM.NOT_CLOSABLE', `a ${claim.status} claim cannot be closed`);
  return [{ type: 'ClaimClosed', data: { ...stamp, outcome: 'paid' } }];
}

function withdrawClaim({ data }: WithdrawClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const reasonCode = member(WITHDRAWAL_REASONS, data.reasonCode, 'reasonCode');
  const note = text(data.note, 'note', 2000);
  if (claim.status === 'withdrawn') return [];
  ensureOpen(claim);
  ensure(claim.status !== 'payment_scheduled', 'CLAIM.PAYMENT_ALREADY_SCHEDULED', 'a payment is scheduled');
  ensure(claim.status !== 'paid' && claim.status !== 'followed_up', 'CLAIM.ALREADY_PAID', 'the claim is paid');
  ensure(netPaidFen(claim) === 0n, 'CLAIM.PAYMENT_ALREADY_MADE', 'a part was already paid on this claim');
  return [{ type: 'ClaimWithdrawn', data: { ...stampOf(claim.claimId, ctx), reasonCode, note } }];
}

function reopenClaim({ data }: ReopenClaim, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const reopenId = text(data.reopenId, 'reopenId', 64);
  const reason = member(REOPEN_REASONS, data.reason, 'reason');
  const note = text(data.note, 'note', 2000);
  if (claim.reopenings.some((r) => r.reopenId === reopenId)) return [];
  ensure(claim.status !== 'withdrawn', 'CLAIM.WITHDRAWN', 'the claim was withdrawn');
  if (claim.status === 'closed') {
    ensure(claim.closure.outcome === 'rejected', 'CLAIM.NOT_REOPENABLE', 'a paid claim is not reopened');
    ensure(reason === 'appeal', 'CLAIM.NOT_REOPENABLE', 'a closed claim is reopened only on appeal');
  } else {
    ensure(claim.status === 'rejected', 'CLAIM.NOT_REJECTED', 'only a rejected claim can be reopened');
  }
  const { rejection, documents } = claim;
  ensure(rejection !== null, 'CLAIM.NOT_REJECTED', 'only a rejected claim can be reopened');
  const resumeAt: ResumeStatus =
    rejection.stage === 'registration' ? 'reported' : documents.completedAt ? 'documents_complete' : documents.request ? 'awaiting_documents' : 'registered';
  return [{ type: 'ClaimReopened', data: { ...stampOf(claim.claimId, ctx), reopenId, reason, note, cycle: claim.cycle + 1, resumeAt } }];
}

function recordDeadlineBreach({ data }: RecordDeadlineBreach, state: ClaimState, ctx: Context): ClaimEvent[] {
  const claim = existing(state);
  const deadline = member(DEADLINE_KINDS, data.deadline, 'deadline');
  if (claim.breaches.some((b) => b.deadline === deadline && b.cycle === claim.cycle)) return [];
  const due = dueDeadlines(claim, ctx.now, ctx.policy.deadlines).find((d) => d.deadline === deadline);
  if (!due) throw new ClaimError('CLAIM.DEADLINE_NOT_DUE', `the ${deadline} deadline has not passed`);
  return [{ type: 'ClaimDeadlineBreached', data: { ...stampOf(claim.claimId, ctx), deadline, cycle: due.cycle, dueAt: due.dueAt, breachedAt: ctx.now } }];
}

function handle(command: ClaimCommand, state: ClaimState, ctx: Context): ClaimEvent[] {
  switch (command.type) {
    case 'ReportClaim':
      return reportClaim(command, state, ctx);
    case 'RegisterClaim':
      return registerClaim(command, state, ctx);
    case 'RequestDocuments':
      return requestDocuments(command, state, ctx);
    case 'ReceiveDocuments':
      return receiveDocuments(command, state, ctx);
    case 'AssessClaim':
      return assessClaim(command, state, ctx);
    case 'ApproveClaim':
      return approveClaim(command, state, ctx);
    case 'RejectClaim':
      return rejectClaim(command, state, ctx);
    case 'SendRejectionNotice':
      return sendRejectionNotice(command, state, ctx);
    case 'PayDeterminedPart':
      return payDeterminedPart(command, state, ctx);
    case 'SchedulePayment':
      return schedulePayment(command, state, ctx);
    case 'RecordPayment':
      return recordPayment(command, state, ctx);
    case 'ReversePayment':
      return reversePayment(command, state, ctx);
    case 'RecordFollowUp':
      return recordFollowUp(command, state, ctx);
    case 'CloseClaim':
      return closeClaim(command, state, ctx);
    case 'WithdrawClaim':
      return withdrawClaim(command, state, ctx);
    case 'ReopenClaim':
      return reopenClaim(command, state, ctx);
    case 'RecordDeadlineBreach':
      return recordDeadlineBreach(command, state, ctx);
    default: {
      const unknown: never = command;
      throw new ClaimError('CLAIM.INVALID_COMMAND', `unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export interface ClaimDecider {
  decide(command: ClaimCommand, state: ClaimState): ClaimEvent[];
  evolve(state: ClaimState, event: ClaimEvent): ClaimState;
  initialState(): ClaimState;
}

/**
 * The claim decider under a programme's rules. `decide` is pure: time and actor come from the command's
 * metadata. Any step taken after a deadline passed also records that breach (before the step's own
 * events), so the history shows every missed deadline even when no sweep ran in between.
 */
export function createClaimDecider(policy: ClaimPolicy = defaultClaimPolicy): ClaimDecider {
  const decide = (command: ClaimCommand, state: ClaimState): ClaimEvent[] => {
    ensure(typeof command === 'object' && command !== null && typeof command.metadata === 'object', 'CLAIM.INVALID_COMMAND', 'a command needs metadata');
    const ctx: Context = { now: toInstant(command.metadata.now, 'metadata.now'), by: actor(command.metadata.actor), policy };
    const events = handle(command, state, ctx);
    if (events.length === 0 || state.status === 'empty' || command.type === 'RecordDeadlineBreach') return events;
    const breaches: ClaimEvent[] = dueDeadlines(state, ctx.now, policy.deadlines).map((due) => ({
      type: 'ClaimDeadlineBreached',
      data: { ...stampOf(state.claimId, ctx), deadline: due.deadline, cycle: due.cycle, dueAt: due.dueAt, breachedAt: ctx.now },
    }));
    return [...breaches, ...events];
  };
  return { decide, evolve, initialState };
}

/** The decider under the default programme rules. */
export const claimDecider: ClaimDecider = createClaimDecider();
export const decide = claimDecider.decide;

/** Folds a history into the state. */
export const foldClaim = (events: readonly ClaimEvent[], from: ClaimState = initialState()): ClaimState => events.reduce(evolve, from);
