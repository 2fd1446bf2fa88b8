import { describe, expect, it } from 'vitest';
import { getSpec } from '../../../src/experiments/registry.ts';
import { publishedConfig, reducedConfig } from '../../../src/experiments/runtime/spec.ts';
import { compareUrlFor } from '../../../src/client/rerun/presets.ts';

describe('which published data a run is judged against', () => {
  const spec = getSpec('matrix-completion');
  const reducedUrl = '/data/matrix-completion.reduced.json';
  it('the published config: the full-scale file; any other: the reduced file; none published: none', () => {
    expect(compareUrlFor(spec, publishedConfig(spec), reducedUrl)).toBe('/data/matrix-completion.json');
    expect(compareUrlFor(spec, reducedConfig(spec), reducedUrl)).toBe(reducedUrl);
    expect(compareUrlFor(spec, { ...publishedConfig(spec), seed: 99 }, reducedUrl)).toBe(reducedUrl);
    expect(compareUrlFor(spec, publishedConfig(spec), null)).toBeUndefined();
  });
});
