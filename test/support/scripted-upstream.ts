/**
 * A scripted HTTP/1.1 upstream for client tests: a real TCP server on 127.0.0.1 that reads each
 * request (head, and a Content-Length or chunked body) and lets the test answer with exact bytes.
 * Not an HTTP server: it writes whatever the script says, malformed or not.
 */
import net from 'node:net';

export interface ScriptedRequest {
  readonly head: string;
  readonly body: Buffer;
  /** 1 for the first request on its connection. */
  readonly onConnection: number;
}

/** Answers one request; `socket` is the connection it came on. */
export type Script = (req: ScriptedRequest, socket: net.Socket) => void;

export class ScriptedUpstream {
  readonly server: net.Server;
  readonly sockets = new Set<net.Socket>();
  readonly requests: ScriptedRequest[] = [];
  connections = 0;
  script: Script = (_req, socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');

  constructor() {
    this.server = net.createServer((socket) => this.#serve(socket));
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }

  #serve(socket: net.Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let served = 0;
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const parsed = readRequest(buf);
        if (parsed === undefined) return;
        buf = buf.subarray(parsed.end);
        const req = { head: parsed.head, body: parsed.body, onConnection: ++served };
        this.requests.push(req);
        this.script(req, socket);
      }
    });
  }
}

/** One complete request at the start of `buf`, or undefined when more bytes are needed. */
function readRequest(buf: Buffer): { head: string; body: Buffer; end: number } | undefined {
  const blank = buf.indexOf('\r\n\r\n');
  if (blank < 0) return undefined;
  const head = buf.toString('latin1', 0, blank);
  const start = blank + 4;
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) {
    const end = start + Number(length[1]);
    return buf.length < end ? undefined : { head, body: buf.subarray(start, end), end };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) return { head, body: Buffer.alloc(0), end: start };
  const parts: Buffer[] = [];
  let pos = start;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return undefined;
    const size = parseInt(buf.toString('latin1', pos, eol), 16);
    if (size === 0) {
      const last = buf.indexOf('\r\n\r\n', eol);
      return last < 0 ? undefined : { head, body: Buffer.concat(parts), end: last + 4 };
    }
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
}
