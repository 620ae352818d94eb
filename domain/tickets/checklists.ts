/**
 * Checklist templates (SPEC §13): an IT Glue "Checklist Template" flexible asset lists one task
 * per line (entities/checklist-template.ts); applied to a BMS ticket, each task becomes a
 * checklist item, with the ticket's values filled in for its variables (`[organization_name]`,
 * `[ticket_number]`, `[contact_name]`, … as in conditions.ts VARIABLES). Pure.
 */
import { cleanText } from '../normalize.js';
import { VARIABLES, variablesIn, type Bindings, type Variable } from './conditions.js';

/** BMS takes item names of any length (the OpenAPI sets none); long ones are cut for readability. */
export const MAX_TASK_LENGTH = 250;

/** The tasks of a template: one per non-blank line, a leading bullet (`-`, `*`, `•`, `[ ]`, `1.`) dropped. */
export function templateTasks(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\[\s?\]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '');
}

const isVariable = (name: string): name is Variable => (VARIABLES as readonly string[]).includes(name);

/**
 * A task with the ticket's values filled in. A variable the ticket has no value for becomes empty;
 * one that is not a variable stays as written and is reported (the template is someone's text).
 */
export function fillTask(task: string, bindings: Bindings): { name: string; unknown: string[] } {
  const unknown = variablesIn(task).filter((v) => !isVariable(v));
  const filled = task.replace(/\[([^\][]*)\]/g, (whole, name: string) => (isVariable(name) ? (cleanText(bindings[name]) ?? '') : whole));
  const name = (cleanText(filled) ?? '').slice(0, MAX_TASK_LENGTH);
  return { name, unknown };
}

/** The checklist items a template gives a ticket, in order (tasks that end up empty are left out). */
export function checklistItems(tasksText: string | null, bindings: Bindings): { names: string[]; unknown: string[] } {
  const unknown = new Set<string>();
  const names: string[] = [];
  for (const task of templateTasks(tasksText)) {
    const filled = fillTask(task, bindings);
    filled.unknown.forEach((u) => unknown.add(u));
    if (filled.name) names.push(filled.name);
  }
  return { names, unknown: [...unknown] };
}

/**
 * Which planned items a ticket already has (a retry after a lost answer), by name compared like
 * matching compares names; each existing item counts once, so a template naming a task twice
 * gets it twice. Returns, per planned item, the id of the existing item standing for it or null.
 */
export function itemsAlreadyThere(planned: readonly string[], existing: readonly { id: number; name: string | null }[]): (number | null)[] {
  const key = (n: string | null) => (cleanText(n) ?? '').toLowerCase();
  const free = [...existing];
  return planned.map((name) => {
    const index = free.findIndex((e) => key(e.name) === key(name));
    if (index < 0) return null;
    return free.splice(index, 1)[0]!.id;
  });
}
