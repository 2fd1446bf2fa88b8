// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import remarkSectionize from 'remark-sectionize';
import remarkSectionHeights from './src/build/remark-section-heights.ts';
import rehypeKatex from 'rehype-katex';
import rehypeSlug from 'rehype-slug';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import remarkCitations from './src/build/remark-citations.ts';
import remarkFigureNumbers from './src/build/remark-figure-numbers.ts';
import { serviceWorker } from './src/build/service-worker.ts';
import { fontCss } from './src/build/vite-font-css.ts';
import { contentSecurityPolicy } from './src/build/csp.ts';
import { siteOrigin, siteOriginNotice } from './src/build/site-origin.ts';
import { engineCommit } from './src/build/engine-commit.ts';

/** Sub-path the site is served under, e.g. BASE=/trajectories/ for a project page. */
const base = process.env.BASE ?? '/';
/** Public origin, for canonical URLs and citations: SITE, else a placeholder (the build says so). */
const site = siteOrigin();

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Stylesheets inlined: one round trip less before the first paint on a slow phone connection.
  build: { format: 'directory', inlineStylesheets: 'always' },
  markdown: {
    processor: unified({
      smartypants: { dashes: 'oldschool' },
      // Each heading's content in a <section>: off-screen sections skip rendering (base.css).
      remarkPlugins: [remarkMath, remarkCitations, remarkFigureNumbers, remarkSectionize, remarkSectionHeights],
      rehypePlugins: [
        [rehypeKatex, { output: 'htmlAndMathml', strict: 'error' }],
        rehypeSlug,
        [rehypeAutolinkHeadings, { behavior: 'append', properties: { className: ['heading-anchor'], ariaLabel: 'Link to this section' }, content: { type: 'text', value: '#' } }],
      ],
    }),
  },
  // A strict Content-Security-Policy as a <meta> on every page (src/build/csp.ts).
  security: { csp: contentSecurityPolicy },
  integrations: [mdx(), serviceWorker(), siteOriginNotice()],
  vite: {
    plugins: [fontCss()],
    worker: { format: 'es' },
    // The build's commit, in the provenance of every rerun download (src/client/rerun/build-info.ts).
    define: { __ENGINE_COMMIT__: JSON.stringify(engineCommit()) },
  },
});
