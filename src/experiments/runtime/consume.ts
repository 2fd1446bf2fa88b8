import type { z } from 'zod';
import type { ExperimentDefinition } from './spec.ts';
import type { RunContext, Snapshot } from './types.ts';

/** Runs an experiment on an already-validated config to the end, calling `onSnapshot` for each snapshot. */
export async function runToEnd<Schema extends z.ZodObject, Result>(
  experiment: ExperimentDefinition<Schema, Result>,
  config: z.output<Schema>,
  context: RunContext = {},
  onSnapshot?: (snapshot: Snapshot<Result>) => void,
): Promise<Result> {
  const iterator = experiment.run(config, context);
  for (;;) {
    const step = await iterator.next();
    if (step.done) return step.value;
    onSnapshot?.(step.value);
  }
}

/** Validates `input` against the experiment's schema (defaults fill the rest), then runs it to the end. */
export function runFromInput<Schema extends z.ZodObject, Result>(
  experiment: ExperimentDefinition<Schema, Result>,
  input: z.input<Schema>,
  context: RunContext = {},
  onSnapshot?: (snapshot: Snapshot<Result>) => void,
): Promise<Result> {
  return runToEnd(experiment, experiment.schema.parse(input), context, onSnapshot);
}
