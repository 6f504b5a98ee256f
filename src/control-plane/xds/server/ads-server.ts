/**
 * The xDS server: envoy.service.discovery.v3.AggregatedDiscoveryService, state of the world, over gRPC.
 *
 * The first request of a stream must carry `node.id`; a malformed id ends the stream with
 * INVALID_ARGUMENT and says what was expected. A well-formed id naming a virtual node or gateway that
 * does not exist (yet) keeps the stream open: the problem is logged and shown by `meshwork get
 * proxies`, and the configuration is pushed as soon as the resource appears.
 */
import * as grpc from '@grpc/grpc-js';
import { systemClock, type Clock } from '../../../core/clock.js';
import { errorMessage } from '../../../core/errors.js';
import type { Component } from '../../../core/lifecycle.js';
import type { Logger } from '../../../core/log.js';
import { adsServiceDefinition, type AdsServerStream, type AdsRequest__Output } from '../../../xds-api/index.js';
import { identityFromNode } from '../builder/identity.js';
import { nodeIdOf } from '../builder/names.js';
import type { SnapshotProvider, SnapshotUpdate } from './provider.js';
import { TYPE_NAMES, type ProxyConnection, type ProxyRegistry } from './proxies.js';
import { StreamState } from './stream-state.js';

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
  readonly #server = new grpc.Server({ 'grpc.keepalive_permit_without_calls': 1 });
  readonly #streams = new Set<AdsServerStream>();
  #port = 0;

  constructor(opts: AdsServerOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#server.addService(adsServiceDefinition(), {
      StreamAggregatedResources: (call: AdsServerStream) => this.#serve(call),
      DeltaAggregatedResources: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
        call.emit('error', grpcError(grpc.status.UNIMPLEMENTED, 'Meshwork serves state-of-the-world ADS only (StreamAggregatedResources)'));
      },
    });
  }

  async start(): Promise<void> {
    this.#port = await new Promise<number>((resolve, reject) =>
      this.#server.bindAsync(`${this.#opts.host}:${this.#opts.port}`, grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
  }

  /** The bound address (useful with port 0). */
  address(): { host: string; port: number } {
    return { host: this.#opts.host, port: this.#port };
  }

  async close(): Promise<void> {
    for (const call of this.#streams) call.end();
    await new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
  }

  destroy(): void {
    this.#server.forceShutdown();
  }

  #serve(call: AdsServerStream): void {
    this.#streams.add(call);
    const { registry, log } = this.#opts;
    let conn: ProxyConnection | undefined;
    let cancelWatch: (() => void) | undefined;
    const write = (responses: readonly Buffer[]) => {
      for (const r of responses) call.write(r);
    };
    const cleanup = () => {
      this.#streams.delete(call);
      cancelWatch?.();
      cancelWatch = undefined;
      if (conn) {
        registry.remove(conn.id);
        log.info(`proxy ${conn.nodeId} (${conn.id}) disconnected`);
      }
    };
    call.on('data', (req: AdsRequest__Output) => {
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
    });
    call.on('end', () => {
      cleanup();
      call.end();
    });
    call.on('error', cleanup);
    call.on('cancelled', cleanup);
  }

  #connect(call: AdsServerStream, req: AdsRequest__Output): ProxyConnection | undefined {
    const nodeId = req.node?.id ?? '';
    try {
      if (nodeId === '') throw new Error('node.id: the first request of a stream must carry the node (mesh/<mesh>/virtualNode/<name>)');
      const identity = identityFromNode(nodeId, req.node?.metadata);
      const conn: ProxyConnection = {
        id: this.#opts.registry.nextId(),
        nodeId: nodeIdOf(identity.kind, identity.meshName, identity.name),
        identity,
        peer: call.getPeer(),
        connectedAt: this.#clock.now(),
        state: new StreamState(this.#clock),
        problem: undefined,
      };
      this.#opts.registry.add(conn);
      this.#opts.log.info(`proxy ${conn.nodeId} (${conn.id}) connected from ${conn.peer} (${identity.interception})`);
      return conn;
    } catch (err) {
      const message = `invalid xDS node: ${errorMessage(err)}`;
      this.#opts.log.warn(`${call.getPeer()}: ${message}`);
      call.emit('error', grpcError(grpc.status.INVALID_ARGUMENT, message));
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

/** An error grpc-js turns into the stream's final status when emitted as the call's 'error'. */
function grpcError(code: grpc.status, details: string): Error {
  return Object.assign(new Error(details), { code, details });
}
