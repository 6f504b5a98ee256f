/**
 * The Filters of ListNamespaces, ListServices and ListOperations: `{Name, Values, Condition}`, all of
 * which must match. Pure. Each list operation declares which filter names it knows, which conditions
 * each allows and how to read the filtered value from an item; anything else is InvalidInput.
 */
import { ValidationError, type Violation } from '../../core/errors.js';

export const FILTER_CONDITIONS = ['EQ', 'IN', 'BETWEEN', 'BEGINS_WITH'] as const;
export type FilterCondition = (typeof FILTER_CONDITIONS)[number];

export interface Filter {
  readonly Name: string;
  readonly Values: readonly string[];
  readonly Condition?: FilterCondition | undefined;
}

export interface FilterField<T> {
  readonly conditions: readonly FilterCondition[];
  readonly read: (item: T) => string | number | undefined;
}

export type FilterSpec<T> = Readonly<Record<string, FilterField<T>>>;

/** Checks `filters` against `spec` (throws InvalidInput naming the filter) and returns a predicate. */
export function compileFilters<T>(spec: FilterSpec<T>, filters: readonly Filter[] | undefined): (item: T) => boolean {
  const violations: Violation[] = [];
  const checks: Array<(item: T) => boolean> = [];
  (filters ?? []).forEach((f, i) => {
    const field = spec[f.Name];
    const where = `Filters[${i}]`;
    if (!field) {
      violations.push({ field: `${where}.Name`, message: `must be one of ${Object.keys(spec).join(', ')}` });
      return;
    }
    const condition = f.Condition ?? 'EQ';
    if (!field.conditions.includes(condition)) {
      violations.push({ field: `${where}.Condition`, message: `${condition} is not supported for ${f.Name}; use ${field.conditions.join(' or ')}` });
      return;
    }
    const arity = expectedArity(condition, f.Values.length);
    if (arity) {
      violations.push({ field: `${where}.Values`, message: arity });
      return;
    }
    checks.push((item) => matches(field.read(item), condition, f.Values));
  });
  if (violations.length > 0) throw new ValidationError(violations);
  return (item) => checks.every((c) => c(item));
}

function expectedArity(condition: FilterCondition, count: number): string | undefined {
  switch (condition) {
    case 'EQ':
    case 'BEGINS_WITH':
      return count === 1 ? undefined : `${condition} takes exactly one value`;
    case 'IN':
      return count >= 1 ? undefined : 'IN takes at least one value';
    case 'BETWEEN':
      return count === 2 ? undefined : 'BETWEEN takes exactly two values (start and end)';
    default:
      return assertNever(condition);
  }
}

function matches(actual: string | number | undefined, condition: FilterCondition, values: readonly string[]): boolean {
  if (actual === undefined) return false;
  switch (condition) {
    case 'EQ':
      return String(actual) === values[0];
    case 'IN':
      return values.includes(String(actual));
    case 'BEGINS_WITH':
      return String(actual).startsWith(values[0]!);
    case 'BETWEEN': {
      const n = Number(actual);
      return n >= Number(values[0]) && n <= Number(values[1]);
    }
    default:
      return assertNever(condition);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected filter condition ${String(x)}`);
}
