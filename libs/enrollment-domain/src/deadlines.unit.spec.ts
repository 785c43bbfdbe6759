import { deliveryDueAt, issuanceDueAt, overdueOf, timeliness } from './deadlines';

const facts = (over: Partial<Parameters<typeof overdueOf>[0]> = {}) => ({ status: 'PAID', issuanceDueAt: null, issuedAt: null, deliveryDueAt: null, deliveredAt: null, ...over });

describe('deadlines', () => {
  it('issuance is due 3 days after full payment and delivery 15 days after issuance (programme defaults)', () => {
    expect(issuanceDueAt(new Date('2025-02-12T08:30:00Z'), 3)).toEqual(new Date('2025-02-15T08:30:00Z'));
    expect(deliveryDueAt(new Date('2025-02-13T00:00:00Z'), 15)).toEqual(new Date('2025-02-28T00:00:00Z'));
  });

  it('an unissued paid policy is overdue after its issuance deadline, by started days', () => {
    const p = facts({ issuanceDueAt: new Date('2025-02-15T00:00:00Z') });
    expect(overdueOf(p, new Date('2025-02-15T00:00:00Z'))).toBeNull();
    expect(overdueOf(p, new Date('2025-02-15T00:00:01Z'))).toMatchObject({ kind: 'ISSUANCE', overdueMs: 1000, overdueDays: 1 });
    expect(overdueOf(p, new Date('2025-02-17T12:00:00Z'))).toMatchObject({ kind: 'ISSUANCE', overdueDays: 3 });
  });

  it('an issued, undelivered policy is overdue after its delivery deadline', () => {
    const p = facts({ status: 'IN_FORCE', issuanceDueAt: new Date('2025-02-15T00:00:00Z'), issuedAt: new Date('2025-02-13T00:00:00Z'), deliveryDueAt: new Date('2025-02-28T00:00:00Z') });
    expect(overdueOf(p, new Date('2025-03-02T00:00:00Z'))).toMatchObject({ kind: 'DELIVERY', overdueDays: 2 });
    expect(overdueOf({ ...p, deliveredAt: new Date('2025-03-01T00:00:00Z') }, new Date('2025-03-02T00:00:00Z'))).toBeNull();
  });

  it('cancelled and expired policies owe nothing', () => {
    expect(overdueOf(facts({ status: 'CANCELLED', issuanceDueAt: new Date('2025-01-01T00:00:00Z') }), new Date('2025-06-01T00:00:00Z'))).toBeNull();
    expect(overdueOf(facts({ status: 'EXPIRED', issuedAt: new Date('2025-01-01T00:00:00Z'), deliveryDueAt: new Date('2025-01-02T00:00:00Z') }), new Date('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('timeliness follows the three-rates definitions', () => {
    const due = new Date('2025-02-15T00:00:00Z');
    expect(timeliness(null, null, due)).toBe('NOT_STARTED');
    expect(timeliness(due, new Date('2025-02-15T00:00:00Z'), due)).toBe('ON_TIME');
    expect(timeliness(due, new Date('2025-02-15T00:00:01Z'), due)).toBe('LATE');
    expect(timeliness(due, null, new Date('2025-02-16T00:00:00Z'))).toBe('OPEN_OVERDUE');
    expect(timeliness(due, null, new Date('2025-02-14T00:00:00Z'))).toBe('NOT_DUE');
  });
});
