/**
 * The xDS server: envoy.service.discovery.v3.AggregatedDiscoveryService, state of the world, over gRPC
 * (GrpcH2Server: node:http2, cleartext). Requests are decoded with the shared protobufjs codec; the
 * responses are the snapshot's pre-encoded DiscoveryResponses with this stream's nonce, gRPC-framed in
 * the same copy.
 *
 * The first request of a stream must carry `node.id`; a malformed id ends the stream with
 * INVALID_ARGUMENT and says what was expected. A well-formed id naming a virtual node or gateway that
 * does not exist (yet) keeps the stream open: the problem is logged and shown by `meshwork get
 * proxies`, and the configuration is pushed as soon as the resource appears.
 */
import { systemClock, type Clock } from '../../../core/clock.js';
import { errorMessage } from '../../../core/errors.js';
import type { Component } from '../../../core/lifecycle.js';
import type { Logger } from '../../../core/log.js';
import { ADS_METHOD_PATH, decodeDiscoveryRequest, type AdsRequest__Output } from '../../../xds-api/index.js';
import { identityFromNode } from '../builder/identity.js';
import { nodeIdOf } from '../builder/names.js';
import { GrpcCode } from '../../../xds-api/wire/grpc-status.js';
import type { CallHandler, GrpcCall } from './grpc-h2-call.js';
import { GrpcH2Server } from './grpc-h2-server.js';
import type { SnapshotProvider, SnapshotUpdate } from './provider.js';
import { TYPE_NAMES, type ProxyConnection, type ProxyRegistry } from './proxies.js';
import { StreamState, type ResponseEncoding } from './stream-state.js';

/** Responses leave StreamState as whole gRPC messages: one allocation and copy per push. */
const grpcFramed: ResponseEncoding = (response, nonce) => response.grpcFramedWithNonce(nonce);

const DELTA_METHOD_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources';

export interface AdsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly provider: SnapshotProvider;
  readonly registry: ProxyRegistry;
  readonly log: Logger;
  readonly clock?: Clock;
}

export class AdsServer implements Component {
  readonly name = 'xds';
  readonly #opts: AdsServerOptions;
  readonly #clock: Clock;
  readonly #server: GrpcH2Server;

  constructor(opts: AdsServerOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#server = new GrpcH2Server({
      name: 'xds',
      host: opts.host,
      port: opts.port,
      methods: new Map([[ADS_METHOD_PATH, (call: GrpcCall) => this.#serve(call)]]),
      unimplemented: new Map([[DELTA_METHOD_PATH, 'Meshwork serves state-of-the-world ADS only (StreamAggregatedResources)']]),
    });
  }

  start(): Promise<void> {
    return this.#server.start();
  }

  /** The bound address (useful with port 0). */
  address(): { host: string; port: number } {
    return { host: this.#opts.host, port: this.#server.port() };
  }

  /** Ends every stream with status OK and waits for the proxies' connections to close. */
  close(): Promise<void> {
    return this.#server.close();
  }

  destroy(): void {
    this.#server.destroy();
  }

  #serve(call: GrpcCall): CallHandler {
    const { registry, log } = this.#opts;
    let conn: ProxyConnection | undefined;
    let cancelWatch: (() => void) | undefined;
    const write = (responses: readonly Buffer[]) => {
      for (const r of responses) call.writeFramed(r);
    };
    return {
      message: (bytes) => {
        let req: AdsRequest__Output;
        try {
          req = decodeDiscoveryRequest(bytes);
        } catch (err) {
          call.end(GrpcCode.INVALID_ARGUMENT, `malformed DiscoveryRequest: ${errorMessage(err)}`);
          return;
        }
        if (!conn) {
          conn = this.#connect(call, req);
          if (!conn) return;
          const c = conn;
          cancelWatch = this.#opts.provider.watch(c.identity, (u) => write(this.#onUpdate(c, u)));
        }
        const { outcome, responses } = conn.state.onRequest(req);
        if (outcome.kind === 'nack') {
          log.warn(`proxy ${conn.nodeId} (${conn.id}) rejected ${TYPE_NAMES[outcome.typeUrl]} version ${outcome.nack?.version}: ${outcome.nack?.message}`);
        }
        write(responses);
      },
      halfClosed: () => call.end(GrpcCode.OK),
      closed: () => {
        cancelWatch?.();
        cancelWatch = undefined;
        if (conn) {
          registry.remove(conn.id);
          log.info(`proxy ${conn.nodeId} (${conn.id}) disconnected`);
        }
      },
    };
  }

  #connect(call: GrpcCall, req: AdsRequest__Output): ProxyConnection | undefined {
    const nodeId = req.node?.id ?? '';
    try {
      if (nodeId === '') throw new Error('node.id: the first request of a stream must carry the node (mesh/<mesh>/virtualNode/<name>)');
      const identity = identityFromNode(nodeId, req.node?.metadata);
      const conn: ProxyConnection = {
        id: this.#opts.registry.nextId(),
        nodeId: nodeIdOf(identity.kind, identity.meshName, identity.name),
        identity,
        peer: call.peer,
        connectedAt: this.#clock.now(),
        state: new StreamState(this.#clock, grpcFramed),
        problem: undefined,
      };
      this.#opts.registry.add(conn);
      this.#opts.log.info(`proxy ${conn.nodeId} (${conn.id}) connected from ${conn.peer} (${identity.interception})`);
      return conn;
    } catch (err) {
      const message = `invalid xDS node: ${errorMessage(err)}`;
      this.#opts.log.warn(`${call.peer}: ${message}`);
      call.end(GrpcCode.INVALID_ARGUMENT, message);
      return undefined;
    }
  }

  #onUpdate(conn: ProxyConnection, u: SnapshotUpdate): Buffer[] {
    switch (u.kind) {
      case 'ready':
        if (conn.problem !== undefined) this.#opts.log.info(`proxy ${conn.nodeId} (${conn.id}): configuration available now`);
        conn.problem = undefined;
        return conn.state.onSnapshot(u.snapshot);
      case 'unavailable':
        if (conn.problem !== u.reason) this.#opts.log.warn(`proxy ${conn.nodeId} (${conn.id}): ${u.reason}; waiting for it to appear`);
        conn.problem = u.reason;
        return [];
    }
  }
}
