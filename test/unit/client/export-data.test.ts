import { describe, expect, it } from 'vitest';
import { exportStem, runJson, toCsv } from '../../../src/client/rerun/export-data.ts';
import { provenanceOf } from '../../../src/client/rerun/provenance.ts';
import type { RunRecord } from '../../../src/client/rerun/storage.ts';

describe('the downloads of a run', () => {
  it('names files by experiment and moment, without characters file systems refuse', () => {
    expect(exportStem('ntk-concentration', new Date('2026-11-28T10:20:30.456Z'))).toBe('ntk-concentration-2026-11-28T10-20-30-456Z');
  });

  it('writes CSV with quoted cells where needed and a final newline', () => {
    const csv = toCsv({ columns: ['method', 'error'], rows: [['depth 1', 0.5], ['a "b", c', 1e-7], ['two\nlines', 3]] });
    expect(csv).toBe('method,error\ndepth 1,0.5\n"a ""b"", c",1e-7\n"two\nlines",3\n');
  });

  it('writes the JSON record: format, experiment, the run, its seed, the site version and the permalink', () => {
    const record: RunRecord = { result: { x: [1] }, config: { seed: 7, widths: [64] }, backend: 'wasm', tfjsVersion: '4.22.0', wallTimeMs: 1200, createdAt: '2026-11-28T10:00:00.000Z' };
    const permalink = 'https://example.org/experiments/ntk-concentration/?seed=7';
    const provenance = provenanceOf(record, { experiment: 'ntk-concentration', permalink, engineCommit: 'abc123' });
    const json = runJson(record, { experiment: 'ntk-concentration', siteVersion: '1.2.3', permalink, provenance });
    expect(Object.keys(json)).toEqual(['format', 'experiment', 'result', 'config', 'backend', 'tfjsVersion', 'wallTimeMs', 'createdAt', 'seed', 'siteVersion', 'permalink', 'provenance']);
    expect(json).toMatchObject({ format: 'trajectories/run@1', experiment: 'ntk-concentration', seed: 7, siteVersion: '1.2.3', config: record.config });
    expect(json.provenance).toEqual({ permalink, experiment: 'ntk-concentration', engineCommit: 'abc123', tfjsVersion: '4.22.0', backend: 'wasm', seed: 7, seeds: null, date: record.createdAt });
    expect(runJson({ ...record, config: {} }, { experiment: 'x', siteVersion: '1', permalink: '', provenance }).seed).toBeNull();
  });
});
