import { describe, expect, it } from 'vitest';
import { decode, encode } from 'fast-png';
import { DOMParser } from 'linkedom';
import { csvProvenance, pngText, PROVENANCE_KEYS, PROVENANCE_NS, provenanceOf, readCsvProvenance, svgMetadata } from '../../../src/client/rerun/provenance.ts';
import { resultTable, seriesTable, summaryTable, tableSvg } from '../../../src/client/rerun/result-table.ts';
import type { RunRecord } from '../../../src/client/rerun/storage.ts';

const record: RunRecord = {
  result: { x: [1] },
  config: { seed: 3, seeds: [1, 2, 3] },
  backend: 'webgl',
  tfjsVersion: '4.22.0',
  wallTimeMs: 900,
  createdAt: '2026-12-02T10:00:00.000Z',
};
// A permalink with characters that need care in each format: ampersands (XML), commas (CSV), `]]>` (CDATA).
const permalink = 'https://example.org/trajectories/experiments/mc-observations/?seeds=1,2,3&depths=1,3&note=]]>';
const provenance = provenanceOf(record, { experiment: 'mc-observations', permalink, engineCommit: '0123abcd' });

describe('the provenance of a download', () => {
  it('takes the run, its seeds and the site', () => {
    expect(provenance).toEqual({ permalink, experiment: 'mc-observations', engineCommit: '0123abcd', tfjsVersion: '4.22.0', backend: 'webgl', seed: 3, seeds: [1, 2, 3], date: record.createdAt });
  });

  it('round-trips through CSV comment lines, which stop before the header row', () => {
    const csv = `${csvProvenance(provenance)}method,error\ndepth 1,0.5\n`;
    expect(csv.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(PROVENANCE_KEYS.length);
    expect(readCsvProvenance(csv)).toEqual({ permalink, experiment: 'mc-observations', engineCommit: '0123abcd', tfjsVersion: '4.22.0', backend: 'webgl', seed: '3', seeds: '[1,2,3]', date: record.createdAt });
  });

  it('round-trips through SVG <metadata>, as well-formed XML', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg">${svgMetadata(provenance)}<rect/></svg>`;
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const element = doc.querySelector('metadata')!.firstElementChild!;
    expect(element.getAttribute('xmlns:tp')).toBe(PROVENANCE_NS);
    expect(JSON.parse(element.textContent!)).toEqual({ format: 'trajectories/provenance@1', ...provenance });
  });

  it('round-trips through PNG tEXt chunks (fast-png)', () => {
    const png = encode({ width: 1, height: 1, data: new Uint8Array([0, 0, 0, 255]), channels: 4, depth: 8, text: pngText(provenance) });
    const { text } = decode(png);
    expect(text.permalink).toBe(permalink);
    expect(text.engineCommit).toBe('0123abcd');
    expect(text.seeds).toBe('[1,2,3]');
    expect(JSON.parse(text.Comment!)).toEqual({ format: 'trajectories/provenance@1', ...provenance });
  });
});

describe('the exports of an experiment without a figure', () => {
  const result = { n: 40, run: { depth: 3, status: 'converged', singularValues: [3, 2, 1] }, trajectory: { step: [0, 50, 100], trainLoss: [1, 0.5, 0.25], label: 'x' } };

  it('summarises the scalars of a result by path, and finds its series', () => {
    expect(summaryTable(result).rows).toEqual([['n', 40], ['run.depth', 3], ['run.status', 'converged'], ['run.singularValues', '3 2 1'], ['trajectory.step', '0 50 100'], ['trajectory.trainLoss', '1 0.5 0.25'], ['trajectory.label', 'x']]);
    // Long series are left to the CSV.
    expect(summaryTable({ loss: Array.from({ length: 13 }, (_, i) => i) }).rows).toEqual([]);
    expect(seriesTable(result)).toEqual({ columns: ['step', 'trainLoss'], rows: [[0, 1], [50, 0.5], [100, 0.25]] });
    expect(resultTable({ a: 1 })).toEqual({ columns: ['quantity', 'value'], rows: [['a', 1]] });
  });

  it('draws the summary as a standalone SVG with escaped text', () => {
    const svg = tableSvg('A <title> & more', summaryTable({ 'a<b': 'x&y', v: 0.000123456789 }));
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toEqual(['A <title> & more', 'quantity', 'value', 'a<b', 'x&y', 'v', '0.00012346']);
  });
});
