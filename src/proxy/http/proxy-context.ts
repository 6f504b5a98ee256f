/** What the request path needs from the running proxy, passed down once per listener. */
import type { LogRegistry, Logger } from '../../core/log.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import type { OutlierDetector } from '../health/outlier.js';
import type { StatsStore } from '../stats/store.js';
import type { ClusterManager } from '../upstream/cluster-manager.js';

export interface ProxyContext {
  /** The current snapshot; a request reads it once and keeps it. */
  snapshot(): ConfigSnapshot;
  readonly clusters: ClusterManager;
  readonly stats: StatsStore;
  readonly logs: LogRegistry;
  readonly routerLog: Logger;
  readonly connLog: Logger;
  readonly outlier: OutlierDetector;
  /** True while draining: responses carry `connection: close`. */
  draining(): boolean;
}
