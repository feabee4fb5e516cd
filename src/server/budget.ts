import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The response budget: a bound on the work one request can cause, counted in *values* (each field and each list
 * item of the answer). Depth, aliases and tokens bound the query's text, not the data it fans out over: on the large
 * platform thirty aliases of `users` are a few hundred bytes of query and 1.5 million objects of answer. Armor's cost
 * limit cannot help, as it prices lists by `first`/`last` and Houston paginates with `take` (or not at all).
 *
 * So the price is taken from the data: every list field is charged, as it resolves and before its items are
 * completed, its item count times the values one item will answer (its selected fields, through nested objects;
 * nested lists are charged when they resolve in turn). `take`, filters and the caller's permissions are thereby
 * accounted for exactly. Past the limit the operation stops: later lists are refused without being computed, and
 * the answer is one error naming the setting to raise. A batched request shares one budget across its operations.
 *
 * At about 1 µs per value (execution and serialization; twice that on a busy machine), the default of 1,000,000
 * keeps one request near a second and its answer to a few tens of MB, while Houston's lists stay whole for a normal
 * selection on the large platform: all 50,000 users with their emails and role bindings are about 750,000 values.
 */

/** What one request may still spend. Shared by the operations of a batch (they arrive on the same Request). */
interface Budget {
  readonly limit: number;
  spent: number;
  exceeded: boolean;
}

const budgetsByRequest = new WeakMap<object, Budget>();
const budgetsByContext = new WeakMap<object, Budget>();
/** Schemas whose list fields already charge the budget (schemas are cached and shared between instances). */
const metered = new WeakSet<GraphQLSchema>();
/** Values one item of a list answers, per field node of a parsed (and cached) document. */
const itemWeights = new WeakMap<FieldNode, number>();

export function budgetError(limit: number): GraphQLError {
  return new GraphQLError(
    `Response budget exceeded: this request would answer more than ${limit} values (fields and list items). ` +
      'Select fewer fields, page with take/pageSize, or raise houstonMock.limits.maxResponseValues to allow it.',
    { extensions: { code: 'RESPONSE_TOO_LARGE', http: { status: 400, spec: false } } },
  );
}

type Fragments = GraphQLResolveInfo['fragments'];

/** The values one object of `type` answers for `selectionSet`: itself, its fields, nested objects' fields. */
function objectWeight(schema: GraphQLSchema, type: GraphQLNamedType, selectionSet: SelectionSetNode | undefined, fragments: Fragments): number {
  if (!selectionSet) return 1;
  let weight = 1;
  const visit = (set: SelectionSetNode, on: GraphQLNamedType) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        weight += fieldWeight(schema, on, selection, fragments);
      } else {
        const fragment: FragmentDefinitionNode | { typeCondition?: FragmentDefinitionNode['typeCondition']; selectionSet: SelectionSetNode } | undefined =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : undefined;
        visit(fragment.selectionSet, condition ?? on);
      }
    }
  };
  visit(selectionSet, type);
  return weight;
}

/** A field inside an item: 1 for a leaf or a list (whose items are charged when it resolves), more for an object. */
function fieldWeight(schema: GraphQLSchema, parent: GraphQLNamedType, node: FieldNode, fragments: Fragments): number {
  if (!node.selectionSet) return 1;
  const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
  if (!definition) return 1;
  const type = getNullableType(definition.type);
  if (isListType(type)) return 1;
  return objectWeight(schema, getNamedType(type), node.selectionSet, fragments);
}

function itemWeight(info: GraphQLResolveInfo): number {
  const node = info.fieldNodes[0];
  if (!node) return 1;
  const cached = itemWeights.get(node);
  if (cached !== undefined) return cached;
  const named = getNamedType(info.returnType as GraphQLOutputType);
  let weight = 1;
  if (isCompositeType(named)) {
    // Several nodes for one response key (`users { id } users { name }`) merge into one item.
    weight = 0;
    for (const fieldNode of info.fieldNodes) weight += objectWeight(info.schema, named, fieldNode.selectionSet, info.fragments) - 1;
    // An abstract item counts every fragment's fields: an upper bound.
    weight += 1;
  }
  itemWeights.set(node, weight);
  return weight;
}

function charge(budget: Budget, values: number): void {
  budget.spent += values;
  if (budget.spent > budget.limit) {
    budget.exceeded = true;
    throw budgetError(budget.limit);
  }
}

function countOf(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  return undefined;
}

/** Wraps every list field of the schema (once per schema) so that its answer is charged to the request's budget. */
function meter(schema: GraphQLSchema): void {
  if (metered.has(schema)) return;
  metered.add(schema);
  const subscription = schema.getSubscriptionType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === subscription) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type))) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const budget = typeof context === 'object' && context !== null ? budgetsByContext.get(context) : undefined;
        if (!budget) return resolve(source, args, context, info);
        // Once over the limit the operation is answered with the budget error alone: compute nothing more, and
        // raise no more errors either (one per remaining item would cost more than the items).
        if (budget.exceeded) return [];
        const result = resolve(source, args, context, info);
        if (result instanceof Promise) {
          return result.then((value: unknown) => {
            const count = countOf(value);
            if (count !== undefined) charge(budget, count * itemWeight(info));
            return value;
          });
        }
        const count = countOf(result);
        if (count !== undefined) charge(budget, count * itemWeight(info));
        return result;
      };
    }
  }
}

/**
 * The envelop plugin: gives each request (or websocket operation) its budget, and answers an operation that
 * overran it with the budget error alone, dropping the partial answer.
 */
export function responseBudgetPlugin(limit: number | null): Plugin {
  return {
    onExecute({ args }) {
      if (limit === null) return undefined;
      const context = args.contextValue as { request?: Request } | null | undefined;
      if (typeof context !== 'object' || context === null) return undefined;
      meter(args.schema);
      const request = context.request;
      let budget = request ? budgetsByRequest.get(request) : undefined;
      if (!budget) {
        budget = { limit, spent: 0, exceeded: false };
        if (request) budgetsByRequest.set(request, budget);
      }
      budgetsByContext.set(context, budget);
      const mine = budget;
      return {
        onExecuteDone({ result, setResult }) {
          if (!mine.exceeded || Symbol.asyncIterator in result) return;
          setResult({ errors: [budgetError(mine.limit)] });
        },
      };
    },
  };
}
