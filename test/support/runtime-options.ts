/** Control-plane runtime options for in-process tests: loopback port 0 everywhere, logs off, the real store and manager. */
import { DEFAULT_ARN_CONFIG } from '../../src/api/arn.js';
import { systemClock } from '../../src/core/clock.js';
import { LogRegistry } from '../../src/core/log.js';
import { StoreResourceManager } from '../../src/control-plane/manager/store-manager.js';
import type { ResourceManager } from '../../src/control-plane/manager/manager.js';
import type { RuntimeOptions } from '../../src/control-plane/runtime.js';
import { register as registerStoreBackends } from '../../src/store/backends.js';

export function testRuntimeOptions(dataDir: string, onManager?: (manager: ResourceManager) => void): RuntimeOptions {
  registerStoreBackends();
  return {
    http: { host: '127.0.0.1', port: 0 },
    xds: { host: '127.0.0.1', port: 0 },
    dns: { host: '127.0.0.1', port: 0 },
    dataDir,
    arn: DEFAULT_ARN_CONFIG,
    logs: new LogRegistry('off'),
    clock: systemClock,
    createManager: (store, arn, clock) => {
      const manager = new StoreResourceManager({ store, arn, clock });
      onManager?.(manager);
      return manager;
    },
  };
}
