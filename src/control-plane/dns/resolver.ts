/**
 * The DNS answer logic, pure: one question + a zone snapshot (+ a source of randomness) → a resolution.
 *
 * - Outside every served zone: `outside` (the server refuses or forwards).
 * - `<service>.<ns>`: A/AAAA/SRV with the service's TTLs. MULTIVALUE gives up to 8 healthy instances
 *   (up to 8 unhealthy ones when none is healthy); WEIGHTED gives one random healthy instance (any
 *   instance when none is healthy). A CNAME service answers its CNAME for every type.
 * - `<instance>.<service>.<ns>` (SRV targets): the instance's A/AAAA.
 * - The zone apex: SOA and NS.
 * - A name with no records of the asked type: NOERROR with the SOA (NODATA); a name that does not
 *   exist: NXDOMAIN with the SOA.
 */
import { shuffle, type Random } from '../registry/discovery.js';
import { findZone, normalizeName, type DnsInstance, type DnsZone, type NameEntry, type ZoneSnapshot } from './zone-data.js';

export type RecordData =
  | { readonly type: 'A' | 'AAAA' | 'CNAME' | 'NS'; readonly data: string }
  | { readonly type: 'SRV'; readonly data: { priority: number; weight: number; port: number; target: string } }
  | {
      readonly type: 'SOA';
      readonly data: { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
    };

export type ResourceRecord = RecordData & { readonly name: string; readonly ttl: number };

export interface DnsQuestion {
  readonly name: string;
  readonly type: string;
}

export type Resolution =
  | { readonly kind: 'outside' }
  | {
      readonly kind: 'answer';
      readonly rcode: 'NOERROR' | 'NXDOMAIN';
      readonly answers: readonly ResourceRecord[];
      readonly authorities: readonly ResourceRecord[];
      readonly additionals: readonly ResourceRecord[];
    };

/** Route 53's multivalue answer limit. */
export const MULTIVALUE_LIMIT = 8;

export function soaRecord(zone: DnsZone): ResourceRecord {
  return {
    name: zone.origin,
    type: 'SOA',
    ttl: zone.soaTtl,
    data: {
      mname: `ns.${zone.origin}`,
      rname: `hostmaster.${zone.origin}`,
      serial: zone.serial,
      refresh: 7200,
      retry: 900,
      expire: 1209600,
      minimum: zone.soaTtl,
    },
  };
}

export function resolve(question: DnsQuestion, snapshot: ZoneSnapshot, random: Random = Math.random): Resolution {
  const name = normalizeName(question.name);
  const zone = findZone(snapshot, name);
  if (!zone) return { kind: 'outside' };
  const soa = soaRecord(zone);
  const answer = (answers: ResourceRecord[], additionals: ResourceRecord[] = []): Resolution =>
    answers.length > 0
      ? { kind: 'answer', rcode: 'NOERROR', answers, authorities: [], additionals }
      : { kind: 'answer', rcode: 'NOERROR', answers: [], authorities: [soa], additionals: [] };

  const entry = snapshot.names.get(name);
  if (name === zone.origin && !entry) {
    if (question.type === 'SOA') return answer([soa]);
    if (question.type === 'NS') return answer([{ name, type: 'NS', ttl: zone.soaTtl, data: `ns.${zone.origin}` }]);
    return answer([]);
  }
  if (!entry) {
    if (snapshot.interior.has(name)) return answer([]);
    return { kind: 'answer', rcode: 'NXDOMAIN', answers: [], authorities: [soa], additionals: [] };
  }
  const { answers, additionals } = recordsFor(name, entry, question.type, random);
  return answer(answers, additionals);
}

function wants(qtype: string, type: string): boolean {
  return qtype === type || qtype === 'ANY';
}

function addressRecords(name: string, instances: readonly DnsInstance[], qtype: string, ttl: Partial<Record<string, number>>): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (const i of instances) {
    if (wants(qtype, 'A') && ttl.A !== undefined && i.ipv4 !== undefined) out.push({ name, type: 'A', ttl: ttl.A, data: i.ipv4 });
    if (wants(qtype, 'AAAA') && ttl.AAAA !== undefined && i.ipv6 !== undefined) out.push({ name, type: 'AAAA', ttl: ttl.AAAA, data: i.ipv6 });
  }
  return out;
}

/** The instances a policy answers with: see the module comment. */
export function chooseInstances(instances: readonly DnsInstance[], routing: 'MULTIVALUE' | 'WEIGHTED', random: Random): DnsInstance[] {
  const healthy = instances.filter((i) => i.healthy);
  const pool = healthy.length > 0 ? healthy : instances;
  return shuffle(pool, random).slice(0, routing === 'WEIGHTED' ? 1 : MULTIVALUE_LIMIT);
}

function recordsFor(name: string, entry: NameEntry, qtype: string, random: Random): { answers: ResourceRecord[]; additionals: ResourceRecord[] } {
  switch (entry.kind) {
    case 'fixed': {
      const answers: ResourceRecord[] = [];
      for (const address of entry.addresses) {
        const type = address.includes(':') ? 'AAAA' : 'A';
        if (wants(qtype, type)) answers.push({ name, type, ttl: entry.ttl, data: address });
      }
      return { answers, additionals: [] };
    }
    case 'instance':
      return { answers: addressRecords(name, [entry.instance], qtype, { A: entry.ttl, AAAA: entry.ttl }), additionals: [] };
    case 'service': {
      if (entry.ttl.CNAME !== undefined) {
        const [chosen] = chooseInstances(entry.instances.filter((i) => i.cname !== undefined), 'WEIGHTED', random);
        return { answers: chosen ? [{ name, type: 'CNAME', ttl: entry.ttl.CNAME, data: chosen.cname! }] : [], additionals: [] };
      }
      if (entry.ttl.SRV !== undefined) {
        if (!wants(qtype, 'SRV')) return { answers: [], additionals: [] };
        const usable = entry.instances.filter((i) => i.port !== undefined && (i.ipv4 !== undefined || i.ipv6 !== undefined));
        const chosen = chooseInstances(usable, entry.routing, random);
        const ttl = entry.ttl.SRV;
        const answers: ResourceRecord[] = chosen.map((i) => ({
          name,
          type: 'SRV',
          ttl,
          data: { priority: 1, weight: 1, port: i.port!, target: `${i.id}.${name}` },
        }));
        const additionals = chosen.flatMap((i) => addressRecords(`${i.id}.${name}`, [i], 'ANY', { A: ttl, AAAA: ttl }));
        return { answers, additionals };
      }
      const usable = entry.instances.filter(
        (i) => (wants(qtype, 'A') && entry.ttl.A !== undefined && i.ipv4 !== undefined) || (wants(qtype, 'AAAA') && entry.ttl.AAAA !== undefined && i.ipv6 !== undefined),
      );
      return { answers: addressRecords(name, chooseInstances(usable, entry.routing, random), qtype, entry.ttl), additionals: [] };
    }
    default: {
      const never: never = entry;
      throw new Error(`unknown name entry ${JSON.stringify(never)}`);
    }
  }
}
