import { Kind, parse, print, printSchema, visit, type FieldDefinitionNode } from 'graphql';
import { houstonSchemaFor } from '../../src/schema/loadSchema.js';

/** Edits to houston-mock's own schema, to make a "live Houston" that differs from it by exactly these. */
export interface SchemaEdits {
  /** `Type.field` coordinates to drop. */
  removeFields?: string[];
  /** `Type` -> SDL of the fields to add, e.g. `{ Deployment: 'newThing: String' }`. */
  addFields?: Record<string, string>;
  /** `Type.field` -> new type, e.g. `{ 'Deployment.label': 'String!' }`. */
  retypeFields?: Record<string, string>;
  /** `Enum.VALUE` coordinates to drop. */
  removeEnumValues?: string[];
}

/** houston-mock's SDL for `version` with the given edits applied. */
export function editedHoustonSdl(version: string, edits: SchemaEdits): string {
  const document = parse(printSchema(houstonSchemaFor(version)));
  const removeFields = new Set(edits.removeFields ?? []);
  const removeValues = new Set(edits.removeEnumValues ?? []);
  const edited = visit(document, {
    ObjectTypeDefinition(node) {
      const type = node.name.value;
      let fields = (node.fields ?? []).filter((field) => !removeFields.has(`${type}.${field.name.value}`));
      fields = fields.map((field) => {
        const retyped = edits.retypeFields?.[`${type}.${field.name.value}`];
        if (!retyped) return field;
        const parsed = parse(`type X { f: ${retyped} }`).definitions[0];
        const newType = parsed?.kind === Kind.OBJECT_TYPE_DEFINITION ? parsed.fields?.[0]?.type : undefined;
        return newType ? ({ ...field, type: newType } as FieldDefinitionNode) : field;
      });
      const added = edits.addFields?.[type];
      if (added) {
        const parsed = parse(`type X { ${added} }`).definitions[0];
        if (parsed?.kind === Kind.OBJECT_TYPE_DEFINITION) fields = [...fields, ...(parsed.fields ?? [])];
      }
      return { ...node, fields };
    },
    EnumTypeDefinition(node) {
      return { ...node, values: (node.values ?? []).filter((value) => !removeValues.has(`${node.name.value}.${value.name.value}`)) };
    },
  });
  return print(edited);
}
