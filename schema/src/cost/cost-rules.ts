// Reads the demand-control directives (@cost, @listSize: https://specs.apollo.dev/cost/v0.1,
// after the IBM cost specification) from a supergraph's SDL into a table keyed by Type.field.
// Composition writes them into the supergraph under the names its @link gives them, so the names
// are taken from that @link, not assumed.
import { Kind, parse, type ConstArgumentNode, type ConstDirectiveNode, type ConstValueNode, type DocumentNode } from "graphql";

export interface ListSizeRule {
  /** the size when no slicing argument has a value */
  assumedSize?: number;
  /** Int arguments whose value is the size of the list */
  slicingArguments: readonly string[];
  /** when set, the size is that of these fields of the returned object, not of the field itself */
  sizedFields: readonly string[];
}

export interface FieldCostRule {
  /** @cost(weight:); a field without it weighs 1 */
  weight?: number;
  listSize?: ListSizeRule;
}

/** "Type.field" → what the SDL declares about that field's cost. */
export type CostRules = ReadonlyMap<string, FieldCostRule>;

export class CostRuleError extends Error {
  readonly code = "COST_RULE_INVALID";
}

const COST_SPEC = /^https:\/\/specs\.apollo\.dev\/cost\/v\d+\.\d+$/;
const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\/v\d+\.\d+$/;

interface DirectiveNames {
  cost: string;
  listSize: string;
}

function argument(node: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return node.arguments?.find((a: ConstArgumentNode) => a.name.value === name)?.value;
}

function stringValue(value: ConstValueNode | undefined): string | undefined {
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/** The names a linked spec's directives have in this document: `@link(url:, as:, import:)`. */
function linkedNames(link: ConstDirectiveNode, specName: string): DirectiveNames {
  const prefix = stringValue(argument(link, "as")) ?? specName;
  const imports = new Map<string, string>();
  const imported = argument(link, "import");
  for (const entry of imported?.kind === Kind.LIST ? imported.values : []) {
    if (entry.kind === Kind.STRING) imports.set(entry.value, entry.value);
    else if (entry.kind === Kind.OBJECT) {
      const name = entry.fields.find((f) => f.name.value === "name")?.value;
      const as = entry.fields.find((f) => f.name.value === "as")?.value;
      if (name?.kind === Kind.STRING) imports.set(name.value, as?.kind === Kind.STRING ? as.value : name.value);
    }
  }
  const local = (directive: string, unimported: string) => (imports.get(`@${directive}`) ?? unimported).replace(/^@/, "");
  // A spec's directive named like the spec itself (cost's @cost) goes by the prefix alone.
  return {
    cost: local("cost", specName === "cost" ? prefix : `${prefix}__cost`),
    listSize: local("listSize", `${prefix}__listSize`),
  };
}

/** Supergraph: the cost spec's @link; subgraph: federation's; otherwise the plain names. */
function directiveNames(document: DocumentNode): DirectiveNames {
  const links = document.definitions.flatMap((d) => (d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION ? (d.directives ?? []) : [])).filter((d) => d.name.value === "link");
  const urlOf = (link: ConstDirectiveNode) => stringValue(argument(link, "url")) ?? "";
  const cost = links.find((l) => COST_SPEC.test(urlOf(l)));
  if (cost) return linkedNames(cost, "cost");
  const federation = links.find((l) => FEDERATION_SPEC.test(urlOf(l)));
  if (federation) return linkedNames(federation, "federation");
  return { cost: "cost", listSize: "listSize" };
}

function nonNegativeInt(value: ConstValueNode | undefined, where: string): number | undefined {
  if (value === undefined || value.kind === Kind.NULL) return undefined;
  const number = value.kind === Kind.INT ? Number(value.value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0) throw new CostRuleError(`${where} must be a whole number of at least 0`);
  return number;
}

function strings(value: ConstValueNode | undefined): string[] {
  if (value?.kind === Kind.STRING) return [value.value];
  return value?.kind === Kind.LIST ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
}

/** The cost table of an SDL document (a supergraph, a subgraph, or a schema using the plain names). */
export function costRulesOf(sdl: string | DocumentNode): CostRules {
  const document = typeof sdl === "string" ? parse(sdl) : sdl;
  const names = directiveNames(document);
  const rules = new Map<string, FieldCostRule>();
  for (const definition of document.definitions) {
    if (!("directives" in definition) || !("name" in definition) || definition.name === undefined) continue;
    // Weights on types, scalars, enums and arguments are part of the spec but not of this table:
    // refusing them at start-up beats a weight that silently counts for nothing.
    if (definition.directives?.some((d) => d.name.value === names.cost)) {
      throw new CostRuleError(`@${names.cost} on ${definition.name.value}: only fields can carry a weight here; put it on the fields that return ${definition.name.value}`);
    }
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const coordinate = `${definition.name.value}.${field.name.value}`;
      for (const arg of field.arguments ?? []) {
        if (arg.directives?.some((d) => d.name.value === names.cost)) throw new CostRuleError(`@${names.cost} on ${coordinate}(${arg.name.value}:): only fields can carry a weight here`);
      }
      const rule: FieldCostRule = { ...rules.get(coordinate) };
      for (const directive of field.directives ?? []) {
        if (directive.name.value === names.cost) {
          rule.weight = nonNegativeInt(argument(directive, "weight"), `@${names.cost}(weight:) on ${coordinate}`);
        } else if (directive.name.value === names.listSize) {
          const slicingArguments = strings(argument(directive, "slicingArguments"));
          for (const name of slicingArguments) {
            if (!field.arguments?.some((a) => a.name.value === name)) throw new CostRuleError(`@${names.listSize} on ${coordinate} slices by "${name}", which is not one of its arguments`);
          }
          rule.listSize = {
            assumedSize: nonNegativeInt(argument(directive, "assumedSize"), `@${names.listSize}(assumedSize:) on ${coordinate}`),
            slicingArguments,
            sizedFields: strings(argument(directive, "sizedFields")),
          };
        }
      }
      if (rule.weight !== undefined || rule.listSize !== undefined) rules.set(coordinate, rule);
    }
  }
  return rules;
}
