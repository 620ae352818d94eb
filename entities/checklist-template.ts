/**
 * Checklist templates in IT Glue (SPEC §13). IT Glue's checklists cannot be read with an API key
 * (simulators/itglue/ASSUMPTIONS.md, "Checklists: decision"), so templates live in an
 * engine-managed "Checklist Template" flexible asset type: a name, the tasks one per line, and a
 * description. A template belongs to an organization (every flexible asset does); one in the
 * ticket's own organization wins over one of the same name elsewhere (an MSP keeps shared
 * templates in its own organization).
 */
import type { ItGlueClient } from '../clients/itglue/index.js';
import { compareIds } from '../domain/matching.js';
import { cleanText, matchKey } from '../domain/normalize.js';
import { flatFlexibleAsset, managedTypeId, type ManagedAssetType } from './managed-types.js';

export const CHECKLIST_TEMPLATE_TYPE: ManagedAssetType = {
  name: 'Checklist Template',
  description: 'Checklists the BMS ↔ IT Glue sync engine adds to BMS tickets: one task per line in Tasks; [organization_name], [ticket_number], [contact_name] and the other variables are filled in per ticket.',
  icon: 'list-check',
  fields: [
    { name: 'Template Name', nameKey: 'template-name', kind: 'Text', useForTitle: true, required: true, showInList: true },
    { name: 'Tasks', nameKey: 'tasks', kind: 'Textbox', required: true, hint: 'One task per line' },
    { name: 'Description', nameKey: 'description', kind: 'Textbox' },
  ],
};

export interface ChecklistTemplate {
  id: string;
  organizationId: string;
  name: string;
  tasks: string | null;
}

/** Every checklist template (there are few; one page of a thousand holds them). */
export async function listChecklistTemplates(itglue: ItGlueClient): Promise<ChecklistTemplate[]> {
  const typeId = await managedTypeId(itglue, CHECKLIST_TEMPLATE_TYPE);
  if (typeId === null) return [];
  const templates: ChecklistTemplate[] = [];
  for await (const asset of itglue.iterateFlexibleAssets(typeId, { page: { size: 1000 } })) {
    const flat = flatFlexibleAsset(asset);
    if (flat.archived === true) continue;
    templates.push({
      id: asset.id,
      organizationId: String(flat['organization-id']),
      name: cleanText(flat['template-name']) ?? cleanText(flat.name) ?? '',
      tasks: typeof flat.tasks === 'string' ? flat.tasks : null,
    });
  }
  return templates;
}

/** The template of this name for a ticket of this organization: its own first, else the lowest id. */
export function chooseTemplate(templates: readonly ChecklistTemplate[], name: string, organizationId: string | null): ChecklistTemplate | null {
  const named = templates.filter((t) => matchKey(t.name) === matchKey(name)).sort((a, b) => compareIds(a.id, b.id));
  return named.find((t) => t.organizationId === organizationId) ?? named[0] ?? null;
}
