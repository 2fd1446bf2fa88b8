import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { renderPlotToString, roundPathData } from '../../../src/figures/render-static.ts';

describe('renderPlotToString', () => {
  it('rounds path data to a tenth of a pixel and leaves text alone', () => {
    expect(roundPathData('<path d="M40,240.374L43.937,-0.04Z"/><text x="1.2345">0.077</text>')).toBe('<path d="M40,240.4L43.9,0Z"/><text x="1.2345">0.077</text>');
  });

  it('labels charts as images and hides unlabelled swatches, with no aria-label left on groups', () => {
    const svg = renderPlotToString({ marks: [Plot.lineY([1, 3, 2], { stroke: () => 'a' })], color: { legend: true }, ariaLabel: 'Demo chart', width: 300, height: 150 });
    expect(svg).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Demo chart"|<svg[^>]*aria-label="Demo chart"[^>]*role="img"/);
    expect(svg).not.toMatch(/<g[^>]*aria-label=/);
    expect(svg).not.toMatch(/ d="[^"]*\d\.\d\d/);
  });
});
