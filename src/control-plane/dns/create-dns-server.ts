/**
 * Builds the DNS server the control plane runs: answers from the store's Cloud Map DNS namespaces and
 * local-mode names, forwarding other names to `upstream` when one is given.
 */
import type { Logger } from '../../core/log.js';
import type { ResourceStore } from '../../store/store.js';
import type { LocalWorkloads } from './local-workloads.js';
import { DnsResponder } from './responder.js';
import { DnsServer } from './server.js';
import { StoreZoneSource } from './store-zones.js';
import { UdpUpstream, type UpstreamAddress } from './upstream.js';

export interface CreateDnsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly store: ResourceStore;
  readonly log: Logger;
  /** `--dns-upstream`: where names outside every served zone go; absent = they are REFUSED. */
  readonly upstream?: UpstreamAddress | undefined;
  readonly workloads?: LocalWorkloads | undefined;
}

export function createDnsServer(options: CreateDnsServerOptions): DnsServer {
  const zones = new StoreZoneSource(options.store, options.workloads ? { workloads: options.workloads } : {});
  const upstream = options.upstream && new UdpUpstream(options.upstream);
  const responder = new DnsResponder({ zones, upstream, log: options.log });
  return new DnsServer({ host: options.host, port: options.port, responder, log: options.log });
}
