/**
 * Resource tags as App Mesh has them: TagRef { key 1..128, value 0..256 }, at most 50 per resource.
 * Too many tags is a LimitError (TooManyTagsException at the API edge); a malformed tag a ValidationError.
 */
import { LimitError, type Violation } from '../../core/errors.js';
import type { TagRef } from './manager.js';

export const MAX_TAGS = 50;

/** Violations of a tag list, under `field` (`tags[2].key: must be 1 to 128 characters long`). */
export function tagViolations(tags: readonly TagRef[], field = 'tags'): Violation[] {
  const out: Violation[] = [];
  tags.forEach((tag, i) => {
    if (typeof tag.key !== 'string') out.push({ field: `${field}[${i}].key`, message: 'required' });
    else if (tag.key.length < 1 || tag.key.length > 128) out.push({ field: `${field}[${i}].key`, message: 'must be 1 to 128 characters long' });
    if (tag.value !== undefined && (typeof tag.value !== 'string' || tag.value.length > 256)) {
      out.push({ field: `${field}[${i}].value`, message: 'must be a string of at most 256 characters' });
    }
  });
  return out;
}

/** `current` with `add` applied (same key: new value wins) and `removeKeys` dropped, in key order. */
export function mergeTags(current: readonly TagRef[], add: readonly TagRef[], removeKeys: readonly string[] = []): TagRef[] {
  const byKey = new Map<string, TagRef>();
  for (const tag of [...current, ...add]) byKey.set(tag.key, tag);
  for (const key of removeKeys) byKey.delete(key);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Throws LimitError when a resource would carry more than MAX_TAGS tags; `subject` names the resource. */
export function checkTagCount(tags: readonly TagRef[], subject: string): void {
  if (tags.length > MAX_TAGS) throw new LimitError(`${subject} would have ${tags.length} tags; at most ${MAX_TAGS} are allowed`);
}
