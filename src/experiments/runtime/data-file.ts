import { z } from 'zod';

/** Which preset a published file holds: the full-scale figure, or the reduced run a browser repeats. */
export const presetSchema = z.enum(['published', 'reduced']);
export type Preset = z.infer<typeof presetSchema>;

/** File name of a published data file: `<experiment>.json`, or `<experiment>.reduced.json`. */
export const publishedFileName = (experiment: string, preset: Preset) =>
  preset === 'published' ? `${experiment}.json` : `${experiment}.reduced.json`;

/** The envelope of every published data file (`content/data/<experiment>[.reduced].json`). */
export const publishedDataSchema = z.object({
  format: z.literal('trajectories/published-data@1'),
  experiment: z.string(),
  preset: presetSchema.default('published'),
  config: z.record(z.string(), z.unknown()),
  backend: z.string(),
  result: z.unknown(),
});
export type PublishedData = z.infer<typeof publishedDataSchema>;

/** Provenance of one published file, as listed in `content/data/manifest.json`. */
export const manifestEntrySchema = z.object({
  path: z.string(),
  experiment: z.string(),
  preset: presetSchema.default('published'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  config: z.record(z.string(), z.unknown()),
  seed: z.unknown(),
  engineVersion: z.string(),
  tfjsVersion: z.string(),
  backend: z.string(),
  node: z.string(),
  wallTimeMs: z.number(),
  /** Worker threads that shared the run's independent runs (`--workers`); absent in entries written before it was recorded. */
  workers: z.number().int().positive().optional(),
  createdAt: z.string(),
});
export const manifestSchema = z.object({
  format: z.literal('trajectories/manifest@1'),
  files: z.array(manifestEntrySchema),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** Validates a published data file against its experiment; a corrupt file gets a clear message. */
export function readPublishedData(text: string, expectedExperiment: string, source = 'data file'): PublishedData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The ${source} is not valid JSON.`, { cause: error });
  }
  const parsed = publishedDataSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`The ${source} is not a Trajectories data file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.experiment !== expectedExperiment) {
    throw new Error(`The ${source} belongs to experiment "${parsed.data.experiment}", not "${expectedExperiment}".`);
  }
  return parsed.data;
}
