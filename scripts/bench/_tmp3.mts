import { fcKernels } from '../../src/experiments/ntk/kernels.ts';
import { largestEigenvalue, subMatrix } from '../../src/experiments/ntk/regression.ts';
import { loadDataset, standardiseRows } from '../../src/experiments/ntk/datasets.ts';
const ds = await loadDataset('digits');
const xs = standardiseRows(ds.x, ds.n, 64);
for (const depth of [1,2,3]) for (const N of [32, 200, 1000]) {
  const k = fcKernels(xs, N, null, N, 64, {depth, sigmaW: Math.SQRT2, sigmaB: 0.1});
  console.log(depth, N, 'lmax/N ntk', largestEigenvalue(k.ntk, N, 50)/N, 'diag', k.ntk[0]);
}
