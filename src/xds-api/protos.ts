/**
 * The one place that loads the Envoy v3 .proto files shipped by @grpc/grpc-js-xds.
 *
 * Everything is loaded into one protobufjs Root with `keepCase`, so fields keep their proto names
 * (`filter_chains`, `typed_config`). The Root is built on first use and shared.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/** The proto include directories shipped by @grpc/grpc-js-xds. */
export function protoIncludeDirs(): string[] {
  const pkgDir = dirname(require.resolve('@grpc/grpc-js-xds/package.json'));
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(pkgDir, 'deps', d));
}

/** The proto files loaded: the four xDS resources plus the extensions they carry in `typed_config`. */
export const PROTO_FILES = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/filters/listener/original_dst/v3/original_dst.proto',
  'envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto',
  'envoy/extensions/access_loggers/file/v3/file.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/transport_sockets/tls/v3/secret.proto',
] as const;

/** Options for `Type.toObject`, the same grpc-js-xds uses, plus `json` so nested Any values decode. */
export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  json: true,
};

let root: protobuf.Root | undefined;

/** Well-known protos protobufjs ships as JSON but does not register by itself (as @grpc/proto-loader does). */
function addCommonProtos(): void {
  for (const name of ['api', 'descriptor', 'source_context', 'type']) {
    const json = require(`protobufjs/google/protobuf/${name}.json`) as { nested: { google: { nested: { protobuf: { nested: protobuf.INamespace['nested'] } } } } };
    protobuf.common(name, json.nested.google.nested.protobuf.nested ?? {});
  }
}

export function envoyRoot(): protobuf.Root {
  if (root) return root;
  addCommonProtos();
  const dirs = protoIncludeDirs();
  const r = new protobuf.Root();
  r.resolvePath = (origin, target) => {
    for (const dir of dirs) {
      const candidate = join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return protobuf.util.path.resolve(origin, target);
  };
  r.loadSync([...PROTO_FILES], { keepCase: true });
  r.resolveAll();
  root = r;
  return r;
}

/** The message type named by a fully qualified name (`envoy.config.listener.v3.Listener`), or undefined. */
export function lookupMessage(fullName: string): protobuf.Type | undefined {
  try {
    return envoyRoot().lookupType(fullName);
  } catch {
    return undefined;
  }
}
