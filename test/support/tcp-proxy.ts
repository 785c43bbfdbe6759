import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in the test process, to cut a service off from a dependency without touching the dependency
 * (the PostgreSQL server and the broker are shared by the suites running beside this one): `cut()` drops
 * every open connection and refuses new ones, as a restarting server does, until `restore()`.
 */
export class TcpProxy {
  private server?: Server;
  private readonly open = new Set<Socket>();
  private refusing = false;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {}

  /** Listens on a free loopback port and answers it. */
  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (this.refusing) return void client.destroy();
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.open.add(s);
        s.on('close', () => this.open.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  cut(): void {
    this.refusing = true;
    for (const s of this.open) s.destroy();
  }

  restore(): void {
    this.refusing = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
