/**
 * Creating the IT Glue flexible asset types the engine manages (entities/managed-types.ts) when
 * they are missing, and adding a declared field a type lacks (one an older engine did not
 * declare). Under an advisory lock per integration and type, after reading again by name, so two
 * workers never create the same type twice. Checked once per API client.
 */
import type { ItGlueClient } from '../../clients/itglue/index.js';
import type { Database } from '../../db/client.js';
import { managedTypeId, rememberManagedType, typesNamed, type ManagedAssetType, type ManagedField } from '../../entities/managed-types.js';

const ensured = new WeakMap<ItGlueClient, Set<string>>();

function fieldAttributes(field: ManagedField, order: number) {
  return {
    order,
    name: field.name,
    kind: field.kind,
    hint: field.hint ?? null,
    ...(field.tagType ? { 'tag-type': field.tagType } : {}),
    required: field.required === true,
    'use-for-title': field.useForTitle === true,
    'show-in-list': field.showInList === true,
  };
}

/** The id of the type, created (or completed with missing fields) when needed. */
export async function ensureManagedType(
  target: { database: Database; itglue: ItGlueClient; integrationId: string },
  type: ManagedAssetType,
): Promise<string> {
  const { database, itglue, integrationId } = target;
  const done = ensured.get(itglue) ?? new Set<string>();
  if (done.has(type.name)) {
    const known = await managedTypeId(itglue, type);
    if (known) return known;
  }
  return database.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`${integrationId}:itglue-managed-type:${type.name}`}))`;
    const existing = (await typesNamed(itglue, type))[0];
    let id: string;
    if (!existing) {
      const created = await itglue.createFlexibleAssetType(
        { name: type.name, description: type.description, icon: type.icon, enabled: true, 'show-in-menu': true },
        type.fields.map((f, i) => fieldAttributes(f, i + 1)),
      );
      id = created.id;
    } else {
      id = existing.id;
      if (!done.has(type.name)) {
        const fields = await itglue.listFlexibleAssetFields(id);
        const keys = new Set(fields.map((f) => f.attributes['name-key']));
        let order = Math.max(0, ...fields.map((f) => f.attributes.order ?? 0));
        for (const field of type.fields) {
          if (!keys.has(field.nameKey)) await itglue.createFlexibleAssetField(id, fieldAttributes(field, ++order));
        }
      }
    }
    done.add(type.name);
    ensured.set(itglue, done);
    rememberManagedType(itglue, type, id);
    return id;
  });
}
