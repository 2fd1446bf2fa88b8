import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decode as decodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { expectGolden, expectGoldenFigure, mayWriteGolden } from '../golden-figure.ts';
import { loadFigure, specs } from '../../../src/experiments/registry.ts';
import { figureIdOf } from '../../../src/experiments/runtime/spec.ts';
import { readPublishedData } from '../../../src/experiments/runtime/data-file.ts';
import { renderPlotToString } from '../../../src/figures/render-static.ts';
import { GHOST, grayPngDataUrl } from '../../../src/figures/matrix-completion/shared.ts';

// Each figure is drawn from its experiment's published reduced run: real data, no fixture list.
const goldenDir = new URL('./__golden__/', import.meta.url);
const reducedResult = (id: string) => {
  const file = `content/data/${id}.reduced.json`;
  return readPublishedData(readFileSync(file, 'utf8'), id, file).result;
};

describe('figure specs', () => {
  for (const spec of specs.filter((s) => s.figure)) {
    describe(spec.id, () => {
      it(`is named ${figureIdOf(spec.id)} and draws ${spec.id}`, async () => {
        const figure = (await loadFigure(spec))!;
        expect(figure.id).toBe(figureIdOf(spec.id));
        expect(figure.experiment).toBe(spec.id);
      });

      it('renders the published reduced run to its golden SVG, with a description and a table', async () => {
        expectGoldenFigure((await loadFigure(spec))!, reducedResult(spec.id), goldenDir);
      });

      it('draws the published run beneath only when given one', async () => {
        const figure = (await loadFigure(spec))!;
        const data = reducedResult(spec.id);
        const plain = figure.spec(data, { width: 640 }).map(renderPlotToString).join('');
        const overlaid = figure.spec(data, { width: 640, published: data }).map(renderPlotToString).join('');
        if (spec.id === 'mc-image') expect(overlaid).toBe(plain); // images: nothing to draw beneath
        else expect(overlaid.length).toBeGreaterThan(plain.length);
        if (spec.id.startsWith('mc-') && spec.id !== 'mc-image') {
          expect(plain).not.toContain(`stroke="${GHOST}"`);
          expect(overlaid).toContain(`stroke="${GHOST}"`);
        }
      });
    });
  }

  it('has no golden without a figure', () => {
    const goldens = existsSync(goldenDir) ? readdirSync(goldenDir) : [];
    const expected = specs.filter((s) => s.figure).map((s) => `${figureIdOf(s.id)}.svg`);
    expect([...goldens].sort()).toEqual(expected.sort());
  });
});

describe('golden files', () => {
  it('are never written in CI, and only on request locally', () => {
    expect(mayWriteGolden({ CI: 'true', UPDATE_GOLDEN: '1' })).toBe(false);
    expect(mayWriteGolden({})).toBe(false);
    expect(mayWriteGolden({ UPDATE_GOLDEN: '1' })).toBe(true);
  });

  it('fail the test when missing in CI, even with UPDATE_GOLDEN set, and write nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'golden-'));
    try {
      const missing = pathToFileURL(path.join(dir, 'fig-missing.svg'));
      expect(() => expectGolden('<svg/>\n', missing, { CI: 'true', UPDATE_GOLDEN: '1' })).toThrow(/is missing/);
      expect(() => expectGolden('<svg/>\n', missing, {})).toThrow(/is missing/);
      expect(existsSync(missing)).toBe(false);
      expectGolden('<svg/>\n', missing, { UPDATE_GOLDEN: '1' });
      expect(readFileSync(missing, 'utf8')).toBe('<svg/>\n');
      expect(() => expectGolden('<svg>changed</svg>\n', missing, { CI: 'true' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gray images', () => {
  it('encode as 8-bit PNG data URLs that decode to the same pixels', () => {
    const pixels = Uint8Array.from([0, 128, 255, 7, 8, 9]);
    const url = grayPngDataUrl(pixels, 3, 2);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const decoded = decodePng(Uint8Array.from(atob(url.split(',')[1]!), (c) => c.charCodeAt(0)));
    expect([decoded.width, decoded.height, decoded.channels, decoded.depth]).toEqual([3, 2, 1, 8]);
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });
});
