/**
 * Checks RegisterInstance attributes against the service they register in (reserved keys, limits,
 * the attributes each DNS record type needs). Pure; returns every violation.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Violation } from '../../core/errors.js';
import { ATTR, type NamespaceRecord, type ServiceRecord } from './model.js';

const KEY_PATTERN = /^[a-zA-Z0-9!-~]+$/;
const MAX_CUSTOM_ATTRIBUTES = 30;
const MAX_CUSTOM_CHARS = 5000;

export function attributeViolations(attrs: Readonly<Record<string, string>>, service: ServiceRecord, ns: NamespaceRecord): Violation[] {
  const out: Violation[] = [];
  const at = (key: string) => `Attributes.${key}`;
  const reserved = new Set<string>(Object.values(ATTR));
  let customCount = 0;
  let customChars = 0;
  for (const [key, value] of Object.entries(attrs)) {
    if (key.length > 255 || !KEY_PATTERN.test(key)) out.push({ field: at(key), message: 'key must be 1-255 printable ASCII characters without spaces' });
    if (value.length > 1024) out.push({ field: at(key), message: 'value must be at most 1024 characters' });
    if (!reserved.has(key)) {
      customCount += 1;
      customChars += key.length + value.length;
    }
  }
  if (customCount > MAX_CUSTOM_ATTRIBUTES) out.push({ field: 'Attributes', message: `has ${customCount} custom attributes; at most ${MAX_CUSTOM_ATTRIBUTES} are allowed` });
  if (customChars > MAX_CUSTOM_CHARS) out.push({ field: 'Attributes', message: `custom attributes total ${customChars} characters; at most ${MAX_CUSTOM_CHARS} are allowed` });

  const ipv4 = attrs[ATTR.ipv4];
  const ipv6 = attrs[ATTR.ipv6];
  const port = attrs[ATTR.port];
  const init = attrs[ATTR.initHealth];
  if (ipv4 !== undefined && !isIPv4(ipv4)) out.push({ field: at(ATTR.ipv4), message: `${ipv4} is not an IPv4 address` });
  if (ipv6 !== undefined && !isIPv6(ipv6)) out.push({ field: at(ATTR.ipv6), message: `${ipv6} is not an IPv6 address` });
  if (port !== undefined && !/^\d{1,5}$/.test(port)) out.push({ field: at(ATTR.port), message: `${port} is not a port number (0-65535)` });
  else if (port !== undefined && Number(port) > 65535) out.push({ field: at(ATTR.port), message: `${port} is not a port number (0-65535)` });
  if (init !== undefined && init !== 'HEALTHY' && init !== 'UNHEALTHY') out.push({ field: at(ATTR.initHealth), message: 'must be HEALTHY or UNHEALTHY' });
  if (attrs[ATTR.ec2] !== undefined && ns.Type !== 'HTTP') out.push({ field: at(ATTR.ec2), message: 'is only allowed in HTTP namespaces' });

  const alias = attrs[ATTR.alias];
  const types = new Set((service.DnsConfig?.DnsRecords ?? []).map((r) => r.Type));
  if (alias !== undefined) {
    if (service.DnsConfig?.RoutingPolicy !== 'WEIGHTED' || !(types.has('A') || types.has('AAAA'))) {
      out.push({ field: at(ATTR.alias), message: 'needs a WEIGHTED service with an A or AAAA record' });
    }
    const others = [ATTR.ipv4, ATTR.ipv6, ATTR.port, ATTR.cname].filter((k) => attrs[k] !== undefined);
    if (others.length > 0) out.push({ field: at(ATTR.alias), message: `cannot be combined with ${others.join(', ')}` });
    return out;
  }
  if (types.has('A') && !types.has('AAAA') && ipv4 === undefined) out.push({ field: at(ATTR.ipv4), message: 'is required: the service has an A record' });
  if (types.has('AAAA') && !types.has('A') && ipv6 === undefined) out.push({ field: at(ATTR.ipv6), message: 'is required: the service has an AAAA record' });
  if (types.has('A') && types.has('AAAA') && ipv4 === undefined && ipv6 === undefined) {
    out.push({ field: at(ATTR.ipv4), message: `${ATTR.ipv4} or ${ATTR.ipv6} is required: the service has A and AAAA records` });
  }
  if (types.has('SRV')) {
    if (ipv4 === undefined && ipv6 === undefined) out.push({ field: at(ATTR.ipv4), message: `${ATTR.ipv4} or ${ATTR.ipv6} is required: the service has an SRV record` });
    if (port === undefined) out.push({ field: at(ATTR.port), message: 'is required: the service has an SRV record' });
  }
  if (types.has('CNAME') && attrs[ATTR.cname] === undefined) out.push({ field: at(ATTR.cname), message: 'is required: the service has a CNAME record' });
  if (service.HealthCheckConfig && port === undefined) out.push({ field: at(ATTR.port), message: 'is required: the service has a HealthCheckConfig' });
  return out;
}
