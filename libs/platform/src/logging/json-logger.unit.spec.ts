import { JsonLogger } from './json-logger';

describe('JSON logger', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, sink: { write: (l: string) => void lines.push(l) } };
  };

  it('writes one JSON object per line with level, service and context', () => {
    const { lines, sink } = capture();
    new JsonLogger('claims', 'info', sink).log('claim approved', 'ApproveClaimHandler');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', service: 'claims', msg: 'claim approved', context: 'ApproveClaimHandler' });
  });

  it('masks personal data in messages and fields, and honours the level', () => {
    const { lines, sink } = capture();
    const logger = new JsonLogger('enrollment', 'info', sink);
    logger.debug('not written');
    logger.event('warn', 'member 11010519491231002X rejected', { member: { name: '张三', phone: '13812345678' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/11010519491231002X|13812345678|张三/);
    expect(JSON.parse(lines[0]!).member).toEqual({ name: '张*', phone: '138****5678' });
  });
});
