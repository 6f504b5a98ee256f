/**
 * RegisterInstance, DeregisterInstance, GetInstance, ListInstances, GetInstancesHealthStatus,
 * UpdateInstanceCustomHealthStatus, DiscoverInstances, DiscoverInstancesRevision.
 */
import { z } from 'zod';
import { discoverInstances, discoverInstancesRevision, HEALTH_STATUS_FILTERS } from './discovery.js';
import { INSTANCE_ID, maxResults, nextToken, requestId, resourceId } from './input.js';
import {
  deregisterInstance,
  getInstance,
  getInstancesHealthStatus,
  listInstances,
  registerInstance,
  updateInstanceCustomHealthStatus,
} from './instances.js';
import { operation, type OperationTable } from './operation-table.js';

const instanceId = z.string().min(1).max(64).regex(INSTANCE_ID, 'may contain only letters, digits and _/:.@-');
const attributeMap = z.record(z.string(), z.string());
const namespaceName = z.string().min(1).max(1024);
const serviceName = z.string().min(1).max(127);
const ownerAccount = z.string().length(12).optional();

export function registerInstanceHandlers(table: OperationTable): void {
  table.register(
    'RegisterInstance',
    operation(z.object({ ServiceId: resourceId, InstanceId: instanceId, CreatorRequestId: requestId, Attributes: attributeMap }), async (ctx, i) => ({
      OperationId: await registerInstance(ctx, i),
    })),
  );
  table.register(
    'DeregisterInstance',
    operation(z.object({ ServiceId: resourceId, InstanceId: instanceId }), async (ctx, i) => ({
      OperationId: await deregisterInstance(ctx, i.ServiceId, i.InstanceId),
    })),
  );
  table.register('GetInstance', operation(z.object({ ServiceId: resourceId, InstanceId: instanceId }), (ctx, i) => getInstance(ctx, i.ServiceId, i.InstanceId)));
  table.register(
    'ListInstances',
    operation(z.object({ ServiceId: resourceId, NextToken: nextToken, MaxResults: maxResults }), (ctx, i) =>
      listInstances(ctx, i.ServiceId, { maxResults: i.MaxResults, nextToken: i.NextToken }),
    ),
  );
  table.register(
    'GetInstancesHealthStatus',
    operation(
      z.object({ ServiceId: resourceId, Instances: z.array(instanceId).min(1).optional(), MaxResults: maxResults, NextToken: nextToken }),
      (ctx, i) => getInstancesHealthStatus(ctx, i.ServiceId, { instances: i.Instances, maxResults: i.MaxResults, nextToken: i.NextToken }),
    ),
  );
  table.register(
    'UpdateInstanceCustomHealthStatus',
    operation(z.object({ ServiceId: resourceId, InstanceId: instanceId, Status: z.enum(['HEALTHY', 'UNHEALTHY']) }), async (ctx, i) => {
      await updateInstanceCustomHealthStatus(ctx, i.ServiceId, i.InstanceId, i.Status);
      return {};
    }),
  );
  table.register(
    'DiscoverInstances',
    operation(
      z.object({
        NamespaceName: namespaceName,
        ServiceName: serviceName,
        MaxResults: z.int().min(1).max(1000).optional(),
        QueryParameters: attributeMap.optional(),
        OptionalParameters: attributeMap.optional(),
        HealthStatus: z.enum(HEALTH_STATUS_FILTERS).optional(),
        OwnerAccount: ownerAccount,
      }),
      (ctx, i) => discoverInstances(ctx, i),
    ),
  );
  table.register(
    'DiscoverInstancesRevision',
    operation(z.object({ NamespaceName: namespaceName, ServiceName: serviceName, OwnerAccount: ownerAccount }), (ctx, i) =>
      discoverInstancesRevision(ctx, i.NamespaceName, i.ServiceName),
    ),
  );
}
