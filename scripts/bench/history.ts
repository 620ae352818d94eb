/**
 * Workflow history a run costs: every event of every execution the run consisted of — its
 * continue-as-new chain, the child workflows it started (and theirs, and their chains).
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface HistoryCount {
  events: number;
  /** Executions counted: the runs of the chain plus every child run. */
  executions: number;
  /** Executions of the top-level chain minus one. */
  continuedAsNew: number;
  /** Child workflow executions (every run of their chains). */
  children: number;
}

/** What one execution's history points at: the run it continued as new into, and the children it started. */
export function followUps(events: HistoryEvent[]): { next: string | null; children: { workflowId: string; runId: string }[] } {
  const children: { workflowId: string; runId: string }[] = [];
  for (const e of events) {
    const started = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (started?.workflowId && started.runId) children.push({ workflowId: started.workflowId, runId: started.runId });
  }
  return { next: events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? null, children };
}

export async function historyOfRun(client: Client, workflowId: string, firstRunId: string): Promise<HistoryCount> {
  const total: HistoryCount = { events: 0, executions: 0, continuedAsNew: 0, children: 0 };
  // Depth-first over (chain, child chains); `top` marks the run's own chain.
  const queue: { workflowId: string; runId: string; top: boolean }[] = [{ workflowId, runId: firstRunId, top: true }];
  while (queue.length) {
    const at = queue.pop()!;
    const history: { events?: HistoryEvent[] | null } = await client.workflow.getHandle(at.workflowId, at.runId).fetchHistory();
    const events = history.events ?? [];
    total.events += events.length;
    total.executions++;
    if (!at.top) total.children++;
    const { next, children } = followUps(events);
    if (next) {
      if (at.top) total.continuedAsNew++;
      queue.push({ workflowId: at.workflowId, runId: next, top: at.top });
    }
    for (const child of children) queue.push({ ...child, top: false });
  }
  return total;
}
