/** CreateHttpNamespace, Create{Private,Public}DnsNamespace, GetNamespace, ListNamespaces, Update*Namespace, DeleteNamespace. */
import { z } from 'zod';
import { createNamespace, deleteNamespace, getNamespace, listNamespaces, updateNamespace } from './namespaces.js';
import { description, dnsName, dnsNamespaceProperties, filters, maxResults, nextToken, requestId, resourceId, soaTtl, tagList } from './input.js';
import { operation, type OperationTable } from './operation-table.js';

const httpNamespaceName = z.string().regex(/^(?!arn:)[!-~]{1,1024}$/, 'must be 1-1024 printable ASCII characters, not an ARN');

const createCommon = { CreatorRequestId: requestId, Description: description, Tags: tagList.optional() };

const updateDnsNamespace = z.object({
  Id: resourceId,
  UpdaterRequestId: requestId,
  Namespace: z.object({
    Description: description,
    Properties: z.object({ DnsProperties: z.object({ SOA: z.object({ TTL: soaTtl }) }) }).optional(),
  }),
});

export function registerNamespaceHandlers(table: OperationTable): void {
  table.register(
    'CreateHttpNamespace',
    operation(z.object({ Name: httpNamespaceName, ...createCommon }), async (ctx, i) => ({
      OperationId: await createNamespace(ctx, { ...i, Type: 'HTTP' }),
    })),
  );
  table.register(
    'CreatePrivateDnsNamespace',
    operation(z.object({ Name: dnsName(253), Vpc: z.string().min(1).max(64), Properties: dnsNamespaceProperties, ...createCommon }), async (ctx, i) => ({
      OperationId: await createNamespace(ctx, { ...i, Type: 'DNS_PRIVATE', SoaTtl: i.Properties?.DnsProperties.SOA.TTL }),
    })),
  );
  table.register(
    'CreatePublicDnsNamespace',
    operation(z.object({ Name: dnsName(253), Properties: dnsNamespaceProperties, ...createCommon }), async (ctx, i) => ({
      OperationId: await createNamespace(ctx, { ...i, Type: 'DNS_PUBLIC', SoaTtl: i.Properties?.DnsProperties.SOA.TTL }),
    })),
  );
  table.register('GetNamespace', operation(z.object({ Id: resourceId }), (ctx, i) => ({ Namespace: getNamespace(ctx, i.Id) })));
  table.register(
    'ListNamespaces',
    operation(z.object({ NextToken: nextToken, MaxResults: maxResults, Filters: filters }), (ctx, i) => {
      const page = listNamespaces(ctx, { filters: i.Filters, maxResults: i.MaxResults, nextToken: i.NextToken });
      return { Namespaces: page.items, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
  );
  table.register(
    'UpdateHttpNamespace',
    operation(
      z.object({ Id: resourceId, UpdaterRequestId: requestId, Namespace: z.object({ Description: z.string().max(1024) }) }),
      async (ctx, i) => ({ OperationId: await updateNamespace(ctx, { Id: i.Id, expect: 'HTTP', Description: i.Namespace.Description }) }),
    ),
  );
  for (const [name, expect] of [['UpdatePrivateDnsNamespace', 'DNS_PRIVATE'], ['UpdatePublicDnsNamespace', 'DNS_PUBLIC']] as const) {
    table.register(
      name,
      operation(updateDnsNamespace, async (ctx, i) => ({
        OperationId: await updateNamespace(ctx, {
          Id: i.Id,
          expect,
          Description: i.Namespace.Description,
          SoaTtl: i.Namespace.Properties?.DnsProperties.SOA.TTL,
        }),
      })),
    );
  }
  table.register('DeleteNamespace', operation(z.object({ Id: resourceId }), async (ctx, i) => ({ OperationId: await deleteNamespace(ctx, i.Id) })));
}
