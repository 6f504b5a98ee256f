/**
 * Hands a fresh downstream connection to the HTTP/1.1 connection or the HTTP/2 (prior knowledge, h2c)
 * server by looking at its first bytes. HTTP/1.1 gets the socket back with the bytes unshifted; HTTP/2 reads
 * from a thin duplex that replays them first, because the h2 server consumes the socket natively.
 */
import type http2 from 'node:http2';
import type net from 'node:net';
import { Duplex } from 'node:stream';

const H2_PREFACE = 'PRI * HTTP/2.0';

export function dispatchConnection(socket: net.Socket, onHttp1: (socket: net.Socket) => void, h2: http2.Http2Server, onHttp2: () => void): void {
  socket.once('data', (chunk: Buffer) => {
    socket.pause();
    if (chunk.length >= 3 && chunk.toString('latin1', 0, Math.min(chunk.length, H2_PREFACE.length)) === H2_PREFACE.slice(0, Math.min(chunk.length, H2_PREFACE.length))) {
      onHttp2();
      h2.emit('connection', replayingDuplex(socket, chunk));
    } else {
      socket.unshift(chunk);
      onHttp1(socket);
    }
    socket.resume();
  });
}

function replayingDuplex(socket: net.Socket, first: Buffer): Duplex {
  const d = new Duplex({
    read: () => void socket.resume(),
    write: (c: Buffer, _e, cb) => void socket.write(c, cb),
    final: (cb) => {
      socket.end();
      cb();
    },
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  d.push(first);
  socket.on('data', (c: Buffer) => {
    if (!d.push(c)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('close', () => d.destroy());
  socket.on('error', (e) => d.destroy(e));
  Object.assign(d, { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort, localAddress: socket.localAddress, localPort: socket.localPort });
  return d;
}
