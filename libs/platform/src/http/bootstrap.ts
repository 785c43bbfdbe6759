import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { UnsupportedMediaTypeException, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ConfigError, loadConfig, type ConfigOf, type ConfigSchema } from '../config/config-schema';
import { ApiError, HttpErrorFilter } from '../errors/http-error.filter';
import { JsonLogger, type LogLevel } from '../logging/json-logger';
import { strictValidationPipe } from './validation';

/** Media types the body parsers below read; anything else with a body is refused with 415. */
const READABLE_MEDIA_TYPES = ['application/json', 'application/*+json', 'text/csv', 'text/plain'];

/** Deeper than any request of these APIs nests (a few levels), far below what recursion can take. */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Keys that class-transformer skips or that would reach a prototype: they would bypass the unknown-field check. */
const RESERVED_KEYS = new Set(['__proto__', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/**
 * What no request body of these APIs may hold, whatever its route: found before any handler, pipe or request
 * hash sees the body (each of these used to end in a 500 or be stored as is). In JSON bodies:
 * - nesting deeper than MAX_JSON_DEPTH: validation and request hashing recurse, and overflow the stack;
 * - numbers beyond the range of a double (`1e309` parses to Infinity): they have no JSON form to hash or store;
 * - NUL characters (PostgreSQL text cannot hold them; in text bodies too) and lone UTF-16 surrogates (not
 *   Unicode; stored as U+FFFD);
 * - keys named like Object.prototype members: class-transformer drops them silently, so they escape
 *   `forbidNonWhitelisted` instead of being refused as unknown fields.
 * The walk is iterative, so any depth is safe to inspect. Values are never echoed: they may be ID numbers.
 */
export function requestBodyProblem(body: unknown): ApiError | undefined {
  // A text body (CSV) is split into columns later: a NUL in it would reach PostgreSQL text and fail there.
  if (typeof body === 'string') return body.includes('\u0000') ? new ApiError('validation', 'REQUEST.INVALID_TEXT', 'The request body contains a NUL character; remove it and send again.') : undefined;
  if (body === null || typeof body !== 'object') return undefined;
  const stack: [unknown, string, number][] = [[body, '', 1]];
  while (stack.length > 0) {
    const [value, field, depth] = stack.pop() as [unknown, string, number];
    const name = field || 'the body';
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return new ApiError('validation', 'REQUEST.INVALID_TEXT', `${name} contains a NUL character; remove it and send again.`, { field: name });
      if (LONE_SURROGATE.test(value)) return new ApiError('validation', 'REQUEST.INVALID_TEXT', `${name} is not valid Unicode text (it holds a lone UTF-16 surrogate).`, { field: name });
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      return new ApiError('validation', 'REQUEST.VALIDATION_FAILED', `${name} is a number too large to represent; send amounts as digit strings or integers.`, { field: name });
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_JSON_DEPTH) return new ApiError('validation', 'REQUEST.BODY_TOO_DEEP', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs that.`);
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const path = Array.isArray(value) ? `${field}[${key}]` : field ? `${field}.${key}` : key;
        if (!Array.isArray(value)) {
          if (RESERVED_KEYS.has(key)) return new ApiError('validation', 'REQUEST.UNKNOWN_FIELD', `Unknown field(s): ${path}. Remove them and send again.`, [{ field: path, problems: [`property ${key} should not exist`] }]);
          if (key.includes('\u0000') || LONE_SURROGATE.test(key)) return new ApiError('validation', 'REQUEST.INVALID_TEXT', `A field name in ${name} is not valid text.`, { field: name });
        }
        stack.push([child, path, depth + 1]);
      }
    }
  }
  return undefined;
}

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
  // A body of a type no parser reads would reach the handlers as `undefined`, i.e. as an empty body: a
  // command sent as XML or a form would run with its fields silently dropped. Refuse it instead.
  server.use((req: Request, _res: Response, next: NextFunction) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !req.is(READABLE_MEDIA_TYPES)) {
      return next(new UnsupportedMediaTypeException({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json (text/csv where a route says so), with a Content-Type header.' }));
    }
    next();
  });
  server.use(express.json({ limit: opts.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  server.use(express.text({ limit: opts.bodyLimit, type: ['text/csv', 'text/plain'] }));
  server.use((req: Request, _res: Response, next: NextFunction) => next(requestBodyProblem(req.body)));
  // Body-parser failures happen before Nest routes: answer them here in the same shape as every other error.
  const filter = new HttpErrorFilter();
  server.use((err: unknown, req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const body = filter.toBody(err);
    res.status(body.statusCode).json({ ...body, correlationId: req.correlationId });
  });
  // Node answers requests it cannot parse (headers over its 16 KB limit, broken HTTP) itself, with an empty
  // body; answer them in the same coded shape as everything else.
  (app.getHttpServer() as HttpServer).on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'REQUEST.HEADERS_TOO_LARGE', 'The request headers are larger than this service accepts (16 KB).']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST.TIMEOUT', 'The request did not arrive in time.']
          : [400, 'REQUEST.MALFORMED_HTTP', 'The request is not valid HTTP.'];
    const body = JSON.stringify({ statusCode: status, code, message });
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
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
