/** Published by a service on request of an operator to prove the Kafka path end to end. */
export interface DiagnosticProbeSent {
  type: 'DiagnosticProbeSent';
  version: 1;
  probeId: string;
  sentBy: string;
  sentAt: string;
}
