/** Figure 5: convolutional tangent kernels (ntk-architectures). */
import type { ArchitecturesResult } from '../../experiments/ntk/architectures.spec.ts';
import type { FigureDefinition } from '../types.ts';
import { accuracyPanel, accuracyTable, best } from './shared.ts';

const architecturesFigure: FigureDefinition<ArchitecturesResult> = {
  id: 'fig-ntk-architectures',
  experiment: 'ntk-architectures',
  title: 'Architecture matters: convolutional tangent kernels',
  caption:
    'Test accuracy of kernel regression on 8 x 8 digits images with the tangent kernels of a fully connected net (FC-NTK), a ' +
    'convolutional net without pooling (CNTK-V) and with global average pooling (CNTK-GAP), all of the same depth, against the number ' +
    'of training images (mean and standard deviation over random training subsets), with baselines: the NNGP kernels of the same two ' +
    'conv nets (CNNGP-V, CNNGP-GAP), and RBF and polynomial kernels whose bandwidth or degree and ridge are chosen by leave-one-out ' +
    'cross-validation on the training images only; the tangent kernels use no ridge. The scale is far from CIFAR-10, where Arora et al. ' +
    '(2019) reached 77.4% with the pooled CNTK: 8 x 8 grey images instead of 32 x 32 colour ones, 10 to 160 training images instead ' +
    'of 50,000, and 300 test images instead of 10,000.',
  spec(result, { width, published }) {
    return [accuracyPanel(result.summary, Math.min(width, 600), published?.summary, 'digits, 8 x 8')];
  },
  describe(result) {
    const sizes = [...new Set(result.summary.map((s) => s.trainSize))];
    if (sizes.length === 0) return `Computing kernels (${result.kernelRows} rows so far).`;
    return sizes.map((n) => `${n} training images: ${best(result.summary, 'digits', n)}`).join('; ') + '.';
  },
  table: (result) => accuracyTable(result.summary),
};

export default architecturesFigure;
