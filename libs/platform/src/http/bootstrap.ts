import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ConfigError, loadConfig, type ConfigOf, type ConfigSchema } from '../config/config-schema';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { JsonLogger, type LogLevel } from '../logging/json-logger';
import { strictValidationPipe } from './validation';

export interface ServiceDefinition<S extends ConfigSchema> {
  name: string;
  title: string;
  description: string;
  configSchema: S;
  module: (config: ConfigOf<S>) => DynamicModule;
  port: (config: ConfigOf<S>) => number;
  host?: (config: ConfigOf<S>) => string;
}

/** Applies the HTTP conventions every service shares (body limits, validation, error shape, docs). */
export function configureHttp(app: INestApplication, opts: { title: string; description: string; bodyLimit: string }): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  server.use((req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    const incoming = req.header('x-correlation-id');
    req.correlationId = incoming && /^[A-Za-z0-9._-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-correlation-id', req.correlationId);
    next();
  });
  server.use(express.json({ limit: opts.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  server.use(express.text({ limit: opts.bodyLimit, type: ['text/csv', 'text/plain'] }));
  // Body-parser failures happen before Nest routes: answer them here in the same shape as every other error.
  const filter = new HttpErrorFilter();
  server.use((err: unknown, req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const body = filter.toBody(err);
    res.status(body.statusCode).json({ ...body, correlationId: req.correlationId });
  });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(filter);
  const doc = new DocumentBuilder().setTitle(opts.title).setDescription(opts.description).setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs/json' });
}

const fatalLine = (service: string, message: string) => {
  process.stderr.write(`[${service}] cannot start: ${message}\n`);
};

/**
 * Starts a service as a process: validated configuration first (one line per problem, exit 1), then the
 * Nest application, then the port (a busy port is one line too). Unhandled rejections end the process so
 * that a supervisor restarts it, instead of leaving it half-alive.
 */
export async function runService<S extends ConfigSchema>(def: ServiceDefinition<S>): Promise<INestApplication | undefined> {
  let config: ConfigOf<S>;
  try {
    config = loadConfig(def.configSchema);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) fatalLine(def.name, `${p.variable} ${p.problem}`);
      process.exitCode = 1;
      return undefined;
    }
    throw e;
  }
  const raw = config as Record<string, unknown>;
  if (raw['NODE_ENV'] === 'production' && raw['CLOCK_MODE'] === 'controlled') {
    fatalLine(def.name, 'CLOCK_MODE must be system in production (a movable clock is for simulations only)');
    process.exitCode = 1;
    return undefined;
  }
  const level = ((config as Record<string, unknown>)['LOG_LEVEL'] as LogLevel | undefined) ?? 'info';
  const logger = new JsonLogger(def.name, level);
  process.on('unhandledRejection', (reason) => {
    logger.event('error', 'unhandled promise rejection; exiting', { error: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : String(reason) });
    process.exit(1);
  });

  let app: INestApplication;
  try {
    app = await NestFactory.create(def.module(config), { logger, bodyParser: false, abortOnError: false });
  } catch (e) {
    fatalLine(def.name, (e as Error).message);
    process.exitCode = 1;
    return undefined;
  }
  configureHttp(app, { title: def.title, description: def.description, bodyLimit: String((config as Record<string, unknown>)['HTTP_BODY_LIMIT'] ?? '256kb') });
  app.enableShutdownHooks();

  const port = def.port(config);
  const host = def.host?.(config) ?? '127.0.0.1';
  try {
    await app.listen(port, host);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    fatalLine(def.name, err.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use (set PORT to a free port)` : err.message);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
  logger.event('info', 'service started', { url: `http://${host}:${port}`, docs: `http://${host}:${port}/docs` });
  return app;
}
