import type { LoggerService } from '@nestjs/common';
import { redact, redactText } from '@fpi/contracts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

const stdoutSink: LogSink = { write: (line) => process.stdout.write(line) };

/**
 * One JSON object per line (what log shippers expect), with personal data masked before it is written:
 * structured fields by key, and free text by pattern, because a message can carry an ID number that a
 * developer interpolated without thinking.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'info',
    private readonly sink: LogSink = stdoutSink,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  /** Structured entry: `logger.event('info', 'claim.approved', { claimId })`. */
  event(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (rank[level] < rank[this.level]) return;
    this.sink.write(
      JSON.stringify({ time: new Date().toISOString(), level, service: this.service, msg: redactText(msg), ...(redact(fields) as object) }) + '\n',
    );
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (rank[level] < rank[this.level]) return;
    // Nest passes the context as the last string argument, and for errors a stack before it; a Logger
    // instance passes an undefined stack when there is none, which is not a detail worth writing.
    const args = rest.filter((a) => a !== undefined);
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields['context'] = context;
    if (level === 'error' && typeof args[0] === 'string' && args[0].includes('\n    at ')) fields['stack'] = args.shift();
    if (args.length > 0) fields['details'] = args;
    if (message instanceof Error) {
      fields['error'] = { name: message.name, message: message.message, stack: message.stack };
      this.event(level, message.message, fields);
    } else if (typeof message === 'object' && message !== null) {
      this.event(level, '', { ...(message as Record<string, unknown>), ...fields });
    } else {
      this.event(level, String(message), fields);
    }
  }
}
