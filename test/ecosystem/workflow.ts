import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

/** The workflow template a project copies. */
export const WORKFLOW = join(ROOT, '.github', 'workflows', 'model-check.yml');

/** One step of the template's job: its name, the action it uses, the shell script it runs. */
export interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
}

/**
 * The steps of the template's one job, read from its lines: the template keeps to the plain block
 * style (`- name:`, `uses:`, `run: |` with the script indented below), which is all this reads.
 */
export function workflowSteps(text = readFileSync(WORKFLOW, 'utf8')): WorkflowStep[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s+steps:\s*$/.test(l));
  if (start < 0) throw new Error('the workflow has no steps');
  const itemIndent = (lines[start + 1] ?? '').search(/\S/);
  const steps: { name?: string; uses?: string; run?: string }[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.search(/\S/);
    if (indent < 0) continue;
    if (indent < itemIndent) break;
    if (indent === itemIndent && line.slice(indent).startsWith('- ')) steps.push({});
    const field = /^\s*(?:- )?(name|uses|run):\s?(.*)$/.exec(line);
    const step = steps[steps.length - 1];
    if (!field || !step || indent > itemIndent + 2) continue;
    const [, key, value] = field as unknown as [string, 'name' | 'uses' | 'run', string];
    if (key === 'run' && value.trim() === '|') {
      const body: string[] = [];
      const bodyIndent = (lines[i + 1] ?? '').search(/\S/);
      while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || lines[i + 1]!.search(/\S/) >= bodyIndent)) body.push(lines[++i]!.slice(bodyIndent));
      step.run = body.join('\n').trimEnd() + '\n';
    } else {
      step[key] = value.trim();
    }
  }
  return steps;
}

/** The argument lists of every `npx pika-mc …` the scripts run, shell variables left as written. */
export function pikaMcCommands(steps: readonly WorkflowStep[]): string[][] {
  const commands: string[][] = [];
  for (const step of steps) {
    // A command ends at a pipe, a list, a redirection or the end of a command substitution.
    for (const match of (step.run ?? '').matchAll(/npx pika-mc ((?:(?!\s\d?>)[^|;&\n)])*)/g)) {
      commands.push([...match[1]!.matchAll(/"[^"]*"|\S+/g)].map((m) => m[0].replace(/^"|"$/g, '')));
    }
  }
  return commands;
}
