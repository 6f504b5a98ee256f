/** TagResource, UntagResource, ListTagsForResource. */
import { z } from 'zod';
import { tagList } from './input.js';
import { operation, type OperationTable } from './operation-table.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';

const arn = z.string().min(1).max(1011);

export function registerTagHandlers(table: OperationTable): void {
  table.register('ListTagsForResource', operation(z.object({ ResourceARN: arn }), (ctx, i) => ({ Tags: listTagsForResource(ctx, i.ResourceARN) })));
  table.register(
    'TagResource',
    operation(z.object({ ResourceARN: arn, Tags: tagList }), async (ctx, i) => {
      await tagResource(ctx, i.ResourceARN, i.Tags);
      return {};
    }),
  );
  table.register(
    'UntagResource',
    operation(z.object({ ResourceARN: arn, TagKeys: z.array(z.string().min(1).max(128)) }), async (ctx, i) => {
      await untagResource(ctx, i.ResourceARN, i.TagKeys);
      return {};
    }),
  );
}
