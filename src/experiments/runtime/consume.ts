import type { ExperimentDefinition, RunContext, Snapshot } from './types.ts';

/** Runs an experiment to the end, calling `onSnapshot` for each snapshot; returns the result. */
export async function runToEnd<Result>(
  experiment: ExperimentDefinition<any, Result>,
  config: unknown,
  context: RunContext = {},
  onSnapshot?: (snapshot: Snapshot<Result>) => void,
): Promise<Result> {
  const parsed = experiment.schema.parse(config);
  const iterator = experiment.run(parsed, context);
  for (;;) {
    const step = await iterator.next();
    if (step.done) return step.value;
    onSnapshot?.(step.value);
  }
}
