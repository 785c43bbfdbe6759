import { isTransientPgError } from './transient-errors';

const pgError = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });

describe('isTransientPgError', () => {
  it('recognises a broken connection, a restarting or overloaded server and a lost conflict', () => {
    for (const code of ['57P01', '57P03', '08006', '53300', '40001', '40P01', 'ECONNREFUSED']) expect({ code, transient: isTransientPgError(pgError(code)) }).toEqual({ code, transient: true });
    expect(isTransientPgError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('looks through what callers and ORMs wrap around the driver error', () => {
    expect(isTransientPgError(new Error('could not append', { cause: pgError('57P01') }))).toBe(true);
    expect(isTransientPgError(Object.assign(new Error('Query failed'), { driverError: pgError('08006') }))).toBe(true);
    expect(isTransientPgError(new AggregateError([new Error('first address'), pgError('ECONNREFUSED')], 'connect failed'))).toBe(true);
  });

  it('leaves everything else to the caller: a constraint, a bug, a wrapped bug, a non-error', () => {
    expect(isTransientPgError(pgError('23505'))).toBe(false);
    expect(isTransientPgError(new TypeError('undefined is not a function'))).toBe(false);
    expect(isTransientPgError(new Error('outer', { cause: pgError('22003') }))).toBe(false);
    expect(isTransientPgError('57P01')).toBe(false);
  });
});
