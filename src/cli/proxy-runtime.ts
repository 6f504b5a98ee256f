/**
 * How a `meshwork proxy` process should be started: the Node.js flags that launchers (local mode's
 * sidecars, the benchmarks, a container entrypoint) put before the script, e.g.
 * `node ${PROXY_NODE_FLAGS} meshwork.js proxy ...`. They cannot be set from inside the process: V8 sizes
 * its heap when the process starts.
 *
 * `--max-semi-space-size=1` caps V8's young generation at 1 MiB per semi-space (Node 20's default grows
 * it to 16 MiB): a proxy allocates short-lived objects per request, and with the default the young
 * generation alone grows by about 30 MB under load. Measured (docs/performance.md): RSS at start 81 →
 * 71 MB, peak under load 136–140 → 110–114 MB, no measurable change in CPU per request.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
