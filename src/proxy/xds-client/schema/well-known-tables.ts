/** google.protobuf well-known types and small shared Envoy messages, as message tables. */
import { f, table, type MessageTable } from './table.js';

export const DURATION = table('google.protobuf.Duration', { 1: f.int64('seconds'), 2: f.int32('nanos') });
export const UINT32_VALUE = table('google.protobuf.UInt32Value', { 1: f.uint32('value') });
export const BOOL_VALUE = table('google.protobuf.BoolValue', { 1: f.bool('value') });
export const EMPTY = (name: string): MessageTable => table(name, {});

/** Struct keeps protobufjs's own (camelCase) member names, which is what Meshwork's readers expect. */
export const STRUCT: MessageTable = table('google.protobuf.Struct', { 1: { name: 'fields', kind: 'map', value: { kind: 'message', table: () => VALUE } } });
const KIND = 'kind';
export const VALUE: MessageTable = table('google.protobuf.Value', {
  1: f.enum('nullValue', ['NULL_VALUE'], { oneof: KIND }),
  2: f.double('numberValue', { oneof: KIND }),
  3: f.string('stringValue', { oneof: KIND }),
  4: f.bool('boolValue', { oneof: KIND }),
  5: f.message('structValue', () => STRUCT, { oneof: KIND }),
  6: f.message('listValue', () => LIST_VALUE, { oneof: KIND }),
});
export const LIST_VALUE: MessageTable = table('google.protobuf.ListValue', { 1: f.message('values', () => VALUE, { repeated: true }) });

export const SOCKET_ADDRESS = table('envoy.config.core.v3.SocketAddress', {
  1: f.enum('protocol', ['TCP', 'UDP']),
  2: f.string('address'),
  3: f.uint32('port_value', { oneof: 'port_specifier' }),
  4: f.string('named_port', { oneof: 'port_specifier' }),
  5: f.string('resolver_name'),
  6: f.bool('ipv4_compat'),
});
export const ADDRESS = table('envoy.config.core.v3.Address', {
  1: f.message('socket_address', SOCKET_ADDRESS, { oneof: 'address' }),
  2: f.opaque('pipe', 'address'),
  3: f.opaque('envoy_internal_address', 'address'),
});
export const DATA_SOURCE = table('envoy.config.core.v3.DataSource', {
  1: f.string('filename', { oneof: 'specifier' }),
  2: f.bytes('inline_bytes', { oneof: 'specifier' }),
  3: f.string('inline_string', { oneof: 'specifier' }),
  4: f.string('environment_variable', { oneof: 'specifier' }),
});
export const REGEX_MATCHER = table('envoy.type.matcher.v3.RegexMatcher', { 1: f.opaque('google_re2', 'engine_type'), 2: f.string('regex') });
export const STRING_MATCHER = table('envoy.type.matcher.v3.StringMatcher', {
  1: f.string('exact', { oneof: 'match_pattern' }),
  2: f.string('prefix', { oneof: 'match_pattern' }),
  3: f.string('suffix', { oneof: 'match_pattern' }),
  5: f.message('safe_regex', REGEX_MATCHER, { oneof: 'match_pattern' }),
  7: f.string('contains', { oneof: 'match_pattern' }),
  8: f.opaque('custom', 'match_pattern'),
  6: f.bool('ignore_case'),
});
export const INT64_RANGE = table('envoy.type.v3.Int64Range', { 1: f.int64('start'), 2: f.int64('end') });
export const ACCESS_LOG = table('envoy.config.accesslog.v3.AccessLog', { 1: f.string('name'), 4: f.any('typed_config', { oneof: 'config_type' }) });
