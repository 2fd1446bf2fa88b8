import { execFileSync } from 'node:child_process';

/**
 * The commit the site is built from (`<sha>+dirty` when src/ or scripts/ have uncommitted changes,
 * 'unknown' outside git): Vite defines it as `__ENGINE_COMMIT__` for the rerun exports' provenance.
 */
export function engineCommit(cwd = process.cwd()): string {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'scripts'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return 'unknown';
  }
}
