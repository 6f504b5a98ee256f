/**
 * The DNS wire format, on `dns-packet`, kept apart from the answer logic: decode a query (or say why it
 * cannot be answered), encode a response with truncation (TC) when it does not fit.
 */
import dnsPacket from 'dns-packet';
import type { Answer, Packet } from 'dns-packet';
import type { ResourceRecord } from './resolver.js';

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type Rcode = keyof typeof RCODE;

/** The classic UDP limit without EDNS. */
export const UDP_DEFAULT_SIZE = 512;
/** The EDNS payload size we advertise and cap at (the DNS flag day 2020 value). */
export const EDNS_MAX_SIZE = 1232;
export const TCP_MAX_SIZE = 65535;

const FLAG_QR = 0x8000;
const FLAG_AA = 0x0400;
const FLAG_TC = 0x0200;
const FLAG_RD = 0x0100;
const OPCODE_MASK = 0x7800;

export interface DecodedQuery {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly class: string;
  readonly recursionDesired: boolean;
  /** Largest UDP response the client accepts (512 without EDNS). */
  readonly udpSize: number;
  readonly edns: boolean;
}

export type DecodeResult =
  | { readonly kind: 'query'; readonly query: DecodedQuery }
  /** Answer with this rcode (and the raw header id) but no data. */
  | { readonly kind: 'error'; readonly id: number; readonly rcode: Rcode; readonly recursionDesired: boolean }
  /** Too short to carry a header, or itself a response: never answered. */
  | { readonly kind: 'drop' };

export function decodeQuery(buf: Buffer): DecodeResult {
  if (buf.length < 12) return { kind: 'drop' };
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if (flags & FLAG_QR) return { kind: 'drop' };
  const recursionDesired = (flags & FLAG_RD) !== 0;
  if ((flags & OPCODE_MASK) !== 0) return { kind: 'error', id, rcode: 'NOTIMP', recursionDesired };
  let packet: ReturnType<typeof dnsPacket.decode>;
  try {
    packet = dnsPacket.decode(buf);
  } catch {
    return { kind: 'error', id, rcode: 'FORMERR', recursionDesired };
  }
  const questions = packet.questions ?? [];
  const q = questions[0];
  if (questions.length !== 1 || !q || typeof q.name !== 'string') return { kind: 'error', id, rcode: 'FORMERR', recursionDesired };
  const opt = (packet.additionals ?? []).find((a) => a.type === 'OPT');
  const udpSize = opt && 'udpPayloadSize' in opt ? Math.min(Math.max(opt.udpPayloadSize, UDP_DEFAULT_SIZE), EDNS_MAX_SIZE) : UDP_DEFAULT_SIZE;
  return {
    kind: 'query',
    query: { id, name: q.name, type: String(q.type), class: String(q.class ?? 'IN'), recursionDesired, udpSize, edns: opt !== undefined },
  };
}

function toAnswer(rr: ResourceRecord): Answer {
  return { name: rr.name, type: rr.type, ttl: rr.ttl, class: 'IN', data: rr.data } as Answer;
}

export interface ResponseContent {
  readonly rcode: Rcode;
  readonly answers?: readonly ResourceRecord[];
  readonly authorities?: readonly ResourceRecord[];
  readonly additionals?: readonly ResourceRecord[];
}

/**
 * A response to `query` (authoritative for NOERROR and NXDOMAIN). When it would exceed `maxSize` bytes, every record section is
 * dropped and TC is set, so the client retries over TCP.
 */
export function encodeResponse(query: DecodedQuery, content: ResponseContent, maxSize: number): Buffer {
  const authoritative = content.rcode === 'NOERROR' || content.rcode === 'NXDOMAIN';
  const base = (authoritative ? FLAG_AA : 0) | (query.recursionDesired ? FLAG_RD : 0) | RCODE[content.rcode];
  const opt: Answer[] = query.edns
    ? [{ name: '.', type: 'OPT', udpPayloadSize: EDNS_MAX_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
    : [];
  const packet: Packet = {
    type: 'response',
    id: query.id,
    flags: base,
    questions: [{ name: query.name, type: query.type as 'A', class: 'IN' }],
    answers: (content.answers ?? []).map(toAnswer),
    authorities: (content.authorities ?? []).map(toAnswer),
    additionals: [...(content.additionals ?? []).map(toAnswer), ...opt],
  };
  const full = dnsPacket.encode(packet);
  if (full.length <= maxSize) return full;
  return dnsPacket.encode({ ...packet, flags: base | FLAG_TC, answers: [], authorities: [], additionals: opt });
}

/** A bare error response carrying only the header (used when the question could not be read). */
export function encodeHeaderOnly(id: number, rcode: Rcode, recursionDesired: boolean): Buffer {
  const buf = Buffer.alloc(12);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(FLAG_QR | (recursionDesired ? FLAG_RD : 0) | RCODE[rcode], 2);
  return buf;
}

/** Sets the id of a raw DNS message (forwarded answers carry the client's id). */
export function withId(message: Buffer, id: number): Buffer {
  const copy = Buffer.from(message);
  if (copy.length >= 2) copy.writeUInt16BE(id, 0);
  return copy;
}
