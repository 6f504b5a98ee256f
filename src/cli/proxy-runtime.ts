/**
 * How a `meshwork proxy` process should be started: the Node.js flags that launchers (local mode's
 * sidecars, the benchmarks, a container entrypoint) put before the script, e.g.
 * `node ${PROXY_NODE_FLAGS} meshwork.js proxy ...`. They cannot be set from inside the process: V8 sizes
 * its heap when the process starts.
 *
 * `--max-semi-space-size=4` caps V8's young generation at 4 MiB per semi-space (Node 20's default grows
 * it to 16 MiB): a proxy allocates short-lived objects per request, and with the default the young
 * generation alone grows by about 30 MB under load. Smaller is leaner but collects more often; measured
 * (docs/performance.md), peak RSS under load 136–145 MB by default, 119–121 MB at 4 MiB, 110–114 MB at
 * 1 MiB, with garbage collection taking 3 %, 6 % and 15 % of the proxy's busy CPU.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
