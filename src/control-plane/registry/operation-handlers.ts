/** GetOperation, ListOperations. */
import { z } from 'zod';
import { filters, maxResults, nextToken } from './input.js';
import { getOperation, listOperations } from './operations.js';
import { operation, type OperationTable } from './operation-table.js';

export function registerOperationHandlers(table: OperationTable): void {
  table.register(
    'GetOperation',
    operation(z.object({ OperationId: z.string().min(1).max(255), OwnerAccount: z.string().length(12).optional() }), (ctx, i) => ({
      Operation: getOperation(ctx, i.OperationId),
    })),
  );
  table.register(
    'ListOperations',
    operation(z.object({ NextToken: nextToken, MaxResults: maxResults, Filters: filters }), (ctx, i) => {
      const page = listOperations(ctx, { filters: i.Filters, maxResults: i.MaxResults, nextToken: i.NextToken });
      return { Operations: page.items, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
  );
}
