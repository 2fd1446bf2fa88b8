/** The tfjs backends a run can use, fastest-first is decided elsewhere. Kept free of tfjs itself. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
