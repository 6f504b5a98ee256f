/** ClusterState over the live manager and store: what manifest conversion reads on the server. */
import type { ClusterState } from '../../api/k8s/cluster-state.js';
import { NAMESPACE_OBJECT_KIND, type K8sObject } from '../../api/k8s/types.js';
import type { StoreReader } from '../../store/store.js';
import type { ResourceManager } from '../manager/manager.js';

export function storeClusterState(manager: ResourceManager, store: StoreReader): ClusterState {
  return {
    namespace: (name) => store.get<K8sObject>(NAMESPACE_OBJECT_KIND, name)?.value,
    resources: (kind) => manager.listAll(kind),
    object: (kind, key) => store.get(kind, key)?.value,
  };
}
