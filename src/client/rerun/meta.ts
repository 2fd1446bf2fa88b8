import type { Tolerance } from '../../experiments/runtime/types.ts';

/** What the page tells the rerun panel about its experiment (a JSON island written at build time). */
export interface RerunMeta {
  id: string;
  title: string;
  /** Figure element id in this page, if the experiment draws one. */
  figureId: string | null;
  presets: { published: Record<string, unknown>; reduced: Record<string, unknown> };
  tolerance: Tolerance;
  /** Published data of the reduced preset (what a rerun is compared with). */
  reducedDataUrl: string | null;
  /** Published data of the full-scale figure. */
  publishedDataUrl: string | null;
  /** This experiment's permanent page. */
  experimentUrl: string;
  siteVersion: string;
  /** Whether this page's URL parameters configure the run (experiment pages). */
  readsUrl: boolean;
}
