/** Envoy v3 xDS for Meshwork: proto loading, type URLs, Any codec, ADS service, node identity. */
export * from './type-urls.js';
export * from './any.js';
export * from './ads.js';
export * from './prepared-response.js';
export * from './well-known.js';
export * from './node-identity.js';
export { envoyRoot, lookupMessage, protoIncludeDirs } from './protos.js';
