/**
 * Cloud Map's asynchronous operations. A mutating call validates synchronously (bad input and missing
 * resources are errors of the call itself), then its write and an operation in status SUBMITTED commit
 * together; the operation is completed (SUCCESS) in the next transaction, so GetOperation right after
 * the call shows SUCCESS with its Targets. Every failure this registry can meet is known before the
 * write, so operations never end in FAIL; the status exists for clients that check it.
 */
import { NotFoundError } from '../../core/errors.js';
import type { StoreTx } from '../../store/store.js';
import { epochSeconds, type RegistryContext } from './context.js';
import { cloudMapRef } from './errors.js';
import { compileFilters, type Filter, type FilterSpec } from './filters.js';
import { newOperationId } from './ids.js';
import { CLOUDMAP_KINDS, type Operation, type OperationTargetType, type OperationType } from './model.js';
import { paginate, type Page } from './pagination.js';

export type OperationTargets = Partial<Record<OperationTargetType, string>>;

/** What a mutation does inside its transaction: validate against current state, write, name its targets. */
export type OperationStep = (tx: StoreTx) => OperationTargets;

/**
 * Runs `step` as an operation of `type` and returns the operation id (`id` when the caller needs to know
 * it in advance). Errors thrown by `step` propagate and leave nothing behind.
 */
export async function runOperation(
  ctx: RegistryContext,
  type: OperationType,
  step: OperationStep,
  id: string = newOperationId(),
): Promise<string> {
  const submittedAt = epochSeconds(ctx.clock);
  const submitted = await ctx.store.transact((tx) => {
    const targets = step(tx);
    const op: Operation = {
      Id: id,
      OwnerAccount: ctx.identity.accountId,
      Type: type,
      Status: 'SUBMITTED',
      CreateDate: submittedAt,
      UpdateDate: submittedAt,
      Targets: targets,
    };
    tx.put(CLOUDMAP_KINDS.operation, id, op, { expectedVersion: 0 });
    return op;
  });
  await complete(ctx, submitted, { Status: 'SUCCESS' });
  return id;
}

async function complete(ctx: RegistryContext, op: Operation, outcome: Pick<Operation, 'Status'>): Promise<void> {
  const done: Operation = { ...op, ...outcome, UpdateDate: epochSeconds(ctx.clock) };
  await ctx.store.transact((tx) => tx.put(CLOUDMAP_KINDS.operation, op.Id, done));
}

export function getOperation(ctx: RegistryContext, id: string): Operation {
  const found = ctx.store.get<Operation>(CLOUDMAP_KINDS.operation, id);
  if (!found) throw new NotFoundError(cloudMapRef('Operation', id));
  return found.value;
}

export function allOperations(ctx: RegistryContext): Operation[] {
  return ctx.store.list<Operation>(CLOUDMAP_KINDS.operation).map((o) => o.value);
}

const OPERATION_FILTERS: FilterSpec<Operation> = {
  NAMESPACE_ID: { conditions: ['EQ'], read: (op) => op.Targets.NAMESPACE },
  SERVICE_ID: { conditions: ['EQ'], read: (op) => op.Targets.SERVICE },
  STATUS: { conditions: ['EQ', 'IN'], read: (op) => op.Status },
  TYPE: { conditions: ['EQ', 'IN'], read: (op) => op.Type },
  UPDATE_DATE: { conditions: ['BETWEEN'], read: (op) => op.UpdateDate },
};

/** ListOperations: summaries `{Id, Status}`, oldest first. */
export function listOperations(
  ctx: RegistryContext,
  options: { filters?: readonly Filter[] | undefined; maxResults?: number | undefined; nextToken?: string | undefined },
): Page<{ Id: string; Status: Operation['Status'] }> {
  const keep = compileFilters(OPERATION_FILTERS, options.filters);
  const ops = allOperations(ctx)
    .filter(keep)
    .sort((a, b) => a.CreateDate - b.CreateDate || a.Id.localeCompare(b.Id));
  const page = paginate(ops, options.maxResults, options.nextToken);
  const items = page.items.map((op) => ({ Id: op.Id, Status: op.Status }));
  return page.nextToken === undefined ? { items } : { items, nextToken: page.nextToken };
}
