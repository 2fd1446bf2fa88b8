/**
 * zod 4 probes for a JIT with `Function('')` the first time it parses; under the site's
 * Content-Security-Policy (no 'unsafe-eval') the probe is caught but still reported as a CSP
 * violation in the console. Import this module before any zod parse in page code.
 */
import { config } from 'zod';

config({ jitless: true });
