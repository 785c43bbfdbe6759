import fc from 'fast-check';
import { maskBankAccount, maskIdNumber, maskName, maskPhone, redact, redactText } from './pii';

describe('masking of personal data', () => {
  it('masks ID numbers, phones, names and bank accounts in the documented formats', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
    expect(maskBankAccount('6222021234567890123')).toBe('***************0123');
  });

  it('redacts ID numbers, mobiles and account numbers inside free text', () => {
    const text = 'member 440524188001010014 phone 13912345678 account 6222021234567890123 claim 42';
    const out = redactText(text);
    expect(out).toBe('member 4405**********0014 phone 139****5678 account ***************0123 claim 42');
  });

  it('masks sensitive keys at any depth and leaves other fields alone', () => {
    const out = redact({ claimId: 'c-1', amountFen: 12_300n, member: { name: '王小明', idNumber: '11010519491231002X', phone: '13812345678' }, list: [{ bankAccount: '6222021234567890' }] });
    expect(out).toEqual({ claimId: 'c-1', amountFen: '12300', member: { name: '王**', idNumber: '1101**********002X', phone: '138****5678' }, list: [{ bankAccount: '************7890' }] });
  });

  it('masks keys by their ending, so prefixed names and accounts are caught too', () => {
    expect(redact({ claimantName: '赵六', payeeBankAccount: '6222021234567890', headIdNumber: '11010519491231002X', topicName: 'fpi.claims' })).toEqual({
      claimantName: '赵*',
      payeeBankAccount: '************7890',
      headIdNumber: '1101**********002X',
      topicName: 'fpi.claims',
    });
  });

  it('never lets an 18-character ID number through redactText (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{16}[0-9X]$/), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (id, before, after) => {
        const out = redactText(`${before.replace(/[0-9A-Za-z]$/, '')} ${id} ${after.replace(/^[0-9A-Za-z]/, '')}`);
        return !out.includes(id);
      }),
    );
  });
});
