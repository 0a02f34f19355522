import type { DescField, DescMessage } from "@bufbuild/protobuf";

const byName = new WeakMap<DescMessage, ReadonlyMap<string, DescField>>();

/**
 * A message's field by the name a JSON member or path parameter gives it, as protojson reads names:
 * its JSON name (`orgId`) first, else its proto name (`org_id`). The lookup table is built once per
 * message type.
 */
export const fieldNamed = (schema: DescMessage, name: string): DescField | undefined => {
  let fields = byName.get(schema);
  if (!fields) {
    const table = new Map<string, DescField>();
    for (const field of schema.fields) if (!table.has(field.name)) table.set(field.name, field);
    for (const field of schema.fields) table.set(field.jsonName, field);
    byName.set(schema, table);
    fields = table;
  }
  return fields.get(name);
};
