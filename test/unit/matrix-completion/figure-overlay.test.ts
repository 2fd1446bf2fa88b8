import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figures } from '../../../src/figures/matrix-completion/index.ts';
import { renderPlotToString } from '../../../src/figures/render-static.ts';
import { GHOST } from '../../../src/figures/matrix-completion/shared.ts';

/** A reader's rerun is drawn over the published run: the published curves appear, faint, beneath. */
describe('matrix completion figures with a published run beneath', () => {
  for (const figure of figures.filter((f) => f.id !== 'fig-mc-image')) {
    it(`${figure.id} draws the published run only when given one`, () => {
      const data = JSON.parse(readFileSync(`content/data/${figure.experiment}.reduced.json`, 'utf8')).result;
      const plain = figure.spec(data, { width: 640 }).map(renderPlotToString).join('');
      const overlaid = figure.spec(data, { width: 640, published: data }).map(renderPlotToString).join('');
      expect(plain).not.toContain(`stroke="${GHOST}"`);
      expect(overlaid).toContain(`stroke="${GHOST}"`);
    });
  }
});
