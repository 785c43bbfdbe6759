import { ConfigError, env, loadConfig } from './config-schema';
import { commonConfigSchema } from './common-config';

describe('configuration', () => {
  const schema = { ...commonConfigSchema, PORT: env.port('http port', 3001) };

  it('applies defaults and parses typed values', () => {
    const c = loadConfig(schema, { DATABASE_URL: 'postgres://u@h:5432/db', KAFKA_BROKERS: '127.0.0.1:9092, 10.0.0.1:9094', PORT: '4000' });
    expect(c.PORT).toBe(4000);
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '10.0.0.1:9094']);
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.SHUTDOWN_GRACE_MS).toBe(10_000);
  });

  it('names every missing or invalid variable at once, one problem each', () => {
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: 'nohostport', PORT: '70000', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
    expect(problems.find((p) => p.variable === 'DATABASE_URL')?.problem).toMatch(/is required/);
    expect(problems.find((p) => p.variable === 'PORT')?.problem).toMatch(/between 1 and 65535/);
    expect(problems.find((p) => p.variable === 'LOG_LEVEL')?.problem).toMatch(/one of debug, info, warn, error/);
  });

  it('rejects a malformed URL and a URL of the wrong kind', () => {
    expect(() => loadConfig(schema, { DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL: is not a valid URL/);
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://h/db' })).toThrow(/DATABASE_URL: must use postgres: or postgresql:/);
  });
});
