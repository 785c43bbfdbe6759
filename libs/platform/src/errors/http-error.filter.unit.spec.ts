import { BadRequestException } from '@nestjs/common';
import { ApiError, HttpErrorFilter, isCodedError } from './http-error.filter';

class SampleDomainError extends Error {
  constructor(readonly code: string, readonly kind: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

describe('HTTP error mapping', () => {
  const filter = new HttpErrorFilter();

  it.each([
    ['validation', 400],
    ['not_found', 404],
    ['conflict', 409],
    ['precondition', 412],
    ['forbidden', 403],
  ])('maps a domain error of kind %s to %d with its code', (kind, status) => {
    const body = filter.toBody(new SampleDomainError('CLAIM.SAMPLE', kind, 'sample'));
    expect(body).toEqual({ statusCode: status, code: 'CLAIM.SAMPLE', message: 'sample' });
  });

  it('masks personal data in messages and details', () => {
    const body = filter.toBody(new ApiError('validation', 'ENROLLMENT.INVALID_ID_NUMBER', 'bad id 11010519491231002Y', { idNumber: '11010519491231002Y' }));
    expect(JSON.stringify(body)).not.toContain('11010519491231002Y');
    expect(body.details).toEqual({ idNumber: '1101**********002Y' });
  });

  it('keeps the code of a validation exception and maps body-parser errors', () => {
    expect(filter.toBody(new BadRequestException({ code: 'REQUEST.UNKNOWN_FIELD', message: 'Unknown field(s): status' })).code).toBe('REQUEST.UNKNOWN_FIELD');
    expect(filter.toBody(Object.assign(new SyntaxError('x'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({ statusCode: 400, code: 'REQUEST.MALFORMED_JSON' });
    expect(filter.toBody(Object.assign(new Error('x'), { status: 413, type: 'entity.too.large' }))).toMatchObject({ statusCode: 413, code: 'REQUEST.BODY_TOO_LARGE' });
  });

  it('turns anything unknown into a 500 without details', () => {
    expect(filter.toBody(new TypeError('secret internals'))).toEqual({ statusCode: 500, code: 'INTERNAL.ERROR', message: expect.not.stringContaining('secret') });
    expect(isCodedError({ code: 'lowercase', kind: 'validation' })).toBe(false);
  });

  it('answers a database outage 503 (not a bug), wherever the driver error sits, and a genuine bug still 500', () => {
    const outage = { statusCode: 503, code: 'SERVICE.DEPENDENCY_UNAVAILABLE', message: expect.stringMatching(/Retry shortly with the same Idempotency-Key/) };
    expect(filter.toBody(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toEqual(outage);
    expect(filter.toBody(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toEqual(outage);
    expect(filter.toBody(Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('server closed the connection'), { code: '08006' }) }))).toEqual(outage);
    expect(filter.toBody(new Error('could not append', { cause: new Error('Connection terminated unexpectedly') }))).toEqual(outage);
    expect(filter.toBody(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toMatchObject({ statusCode: 500, code: 'INTERNAL.ERROR' });
  });
});
