/**
 * The Meshwork rows: (d) one hop, the load generator → a sidecar's egress listener → cluster → upstream;
 * (e) two hops, consumer sidecar egress → provider sidecar ingress → app (the upstream).
 */
import type { BenchRow, RowStart } from './rows.js';

function pendingRow(name: string, hops: number, description: string): BenchRow {
  return {
    name,
    hops,
    description,
    async start(): Promise<RowStart> {
      return { kind: 'unavailable', reason: 'the meshwork proxy is not merged yet' };
    },
  };
}

export const meshworkOneHopRow = pendingRow('meshwork-1hop', 1, 'meshwork proxy: egress → cluster → upstream');
export const meshworkTwoHopRow = pendingRow('meshwork-2hop', 2, 'two meshwork proxies: consumer egress → provider ingress → app');
