/**
 * A reader's run against the published one: the worker measures (with the engine's own `compare`
 * and `tolerance`), the panel words the verdict. Pure: no DOM, no TensorFlow.js.
 */
import type { Comparison } from '../../experiments/runtime/protocol.ts';
import type { ExperimentDefinition } from '../../experiments/runtime/spec.ts';

/** A run's config, result and backend: the reader's, or a published file's. */
export interface RunOutcome {
  config: Readonly<Record<string, unknown>>;
  result: unknown;
  backend: string;
}

/** Compares a run with the published one, under the tolerance of the backends involved. */
export function compareWithPublished(
  engine: Pick<ExperimentDefinition, 'compare' | 'tolerance'>,
  run: RunOutcome,
  published: RunOutcome,
): Comparison {
  const differences = Object.keys(run.config).filter((key) => JSON.stringify(run.config[key]) !== JSON.stringify(published.config[key]));
  const sameConfig = differences.length === 0;
  const deviation = sameConfig ? engine.compare(published.result, run.result) : Number.NaN;
  const tolerance = published.backend === run.backend ? engine.tolerance.sameBackend : engine.tolerance.crossBackend;
  return {
    sameConfig,
    deviation,
    tolerance,
    metric: engine.tolerance.metric,
    publishedBackend: published.backend,
    reproduced: sameConfig && deviation <= tolerance,
    differences,
  };
}

export interface Verdict {
  text: string;
  /** Reproduced the published run (null: nothing comparable). */
  reproduced: boolean | null;
}

/** The sentence shown under a finished run. */
export function describeComparison(comparison: Comparison | null): Verdict {
  if (!comparison) return { text: 'No published run to compare with.', reproduced: null };
  if (!comparison.sameConfig) {
    return {
      text: `Parameters differ from the published reduced run (${comparison.differences.join(', ')}), so the curves are not expected to match; the published run is drawn faintly beneath yours.`,
      reproduced: null,
    };
  }
  const measured = `${comparison.metric} ${comparison.deviation.toExponential(2)}`;
  const against = `tolerance ${comparison.tolerance} (published on ${comparison.publishedBackend}).`;
  return comparison.reproduced
    ? { text: `Reproduced the published run: ${measured} ≤ ${against}`, reproduced: true }
    : { text: `Did not reproduce the published run: ${measured} > ${against}`, reproduced: false };
}

/** The short verdict of a stored run, in the list of the reader's runs. */
export function storedRunVerdict(reproduced: boolean | null): string {
  if (reproduced === null) return 'parameters differ from the published run';
  return reproduced ? 'reproduced the published run' : 'did not reproduce the published run';
}
