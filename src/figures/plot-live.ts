/**
 * Plot's renderer for figures drawn in the browser. A module of its own so that the panel can load it
 * lazily while Plot stays tree-shaken (a dynamic import of the whole package keeps every mark).
 */
import { plot } from '@observablehq/plot';

export { plot };
