/** CreateService, GetService, ListServices, UpdateService, DeleteService, and the service attribute operations. */
import { z } from 'zod';
import { createService, deleteService, getService, listServices, updateService } from './services.js';
import {
  description,
  dnsConfig,
  dnsRecords,
  filters,
  healthCheckConfig,
  healthCheckCustomConfig,
  maxResults,
  nextToken,
  requestId,
  resourceId,
  SERVICE_NAME,
  tagList,
} from './input.js';
import { operation, type OperationTable } from './operation-table.js';
import { deleteServiceAttributes, getServiceAttributes, updateServiceAttributes } from './service-attributes.js';

const createServiceInput = z.object({
  Name: z.string().regex(SERVICE_NAME, 'must be a DNS label sequence of at most 127 characters (or ".")'),
  NamespaceId: resourceId.optional(),
  CreatorRequestId: requestId,
  Description: description,
  DnsConfig: dnsConfig.optional(),
  HealthCheckConfig: healthCheckConfig.optional(),
  HealthCheckCustomConfig: healthCheckCustomConfig.optional(),
  Tags: tagList.optional(),
  Type: z.literal('HTTP').optional(),
});

const updateServiceInput = z.object({
  Id: resourceId,
  Service: z.object({
    Description: description,
    DnsConfig: z.object({ DnsRecords: dnsRecords }).optional(),
    HealthCheckConfig: healthCheckConfig.optional(),
  }),
});

const attributeKey = z.string().min(1).max(255).regex(/^[a-zA-Z0-9!-~]+$/, 'must be printable ASCII without spaces');

export function registerServiceHandlers(table: OperationTable): void {
  table.register('GetServiceAttributes', operation(z.object({ ServiceId: resourceId }), (ctx, i) => ({ ServiceAttributes: getServiceAttributes(ctx, i.ServiceId) })));
  table.register(
    'UpdateServiceAttributes',
    operation(
      z.object({
        ServiceId: resourceId,
        Attributes: z.record(attributeKey, z.string().max(1024)).refine((a) => Object.keys(a).length >= 1, 'must have at least one entry'),
      }),
      async (ctx, i) => {
        await updateServiceAttributes(ctx, i.ServiceId, i.Attributes);
        return {};
      },
    ),
  );
  table.register(
    'DeleteServiceAttributes',
    operation(z.object({ ServiceId: resourceId, Attributes: z.array(attributeKey).min(1).max(30) }), async (ctx, i) => {
      await deleteServiceAttributes(ctx, i.ServiceId, i.Attributes);
      return {};
    }),
  );
  table.register('CreateService', operation(createServiceInput, async (ctx, i) => ({ Service: await createService(ctx, i) })));
  table.register('GetService', operation(z.object({ Id: resourceId }), (ctx, i) => ({ Service: getService(ctx, i.Id) })));
  table.register(
    'ListServices',
    operation(z.object({ NextToken: nextToken, MaxResults: maxResults, Filters: filters }), (ctx, i) => {
      const page = listServices(ctx, { filters: i.Filters, maxResults: i.MaxResults, nextToken: i.NextToken });
      return { Services: page.items, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
  );
  table.register(
    'UpdateService',
    operation(updateServiceInput, async (ctx, i) => ({ OperationId: await updateService(ctx, i.Id, i.Service) })),
  );
  table.register(
    'DeleteService',
    operation(z.object({ Id: resourceId }), async (ctx, i) => {
      await deleteService(ctx, i.Id);
      return {};
    }),
  );
}
