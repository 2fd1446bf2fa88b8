import type { AstroUserConfig } from 'astro';

/** Astro's type of `security.csp.directives` (each one starts with a known directive name). */
type CspDirectives = NonNullable<Extract<NonNullable<NonNullable<AstroUserConfig['security']>['csp']>, { directives?: unknown }>['directives']>;
/**
 * The site's Content-Security-Policy, emitted by Astro (`security.csp`, stable since Astro 6) as a
 * <meta http-equiv="content-security-policy"> on every page, since a static host sends no headers.
 * Astro adds a sha256 hash for every script it bundles or inlines, so script-src allows only the
 * site's own files and those exact inline scripts: no 'unsafe-inline', no 'unsafe-eval'.
 *
 * - 'wasm-unsafe-eval': lets WebAssembly compile (tfjs-backend-wasm); it allows no JavaScript eval.
 * - worker-src 'self' blob: the rerun worker and the service worker are same-origin files;
 *   blob: is for tfjs-wasm's helper workers.
 * - img-src data: blob: the PNG export draws the figure's SVG through an <img> from a blob/data URL.
 * - Styles: 'unsafe-inline' for styles only. KaTeX positions every glyph with style attributes
 *   computed per formula; Observable Plot puts a <style> element, whose text depends on the chart's
 *   options, into every chart and legend it draws in the browser (the rerun panel), and the service
 *   worker's update prompt carries its own <style>. Hashing those is fragile, and CSS cannot run
 *   script; every script remains hash- or origin-bound.
 * - No third-party origin anywhere: fonts, styles, data and code are all served by the site.
 * - frame-ancestors, report-uri and sandbox are ignored in a <meta> policy, so they are left out.
 */
export const contentSecurityPolicy = {
  algorithm: 'SHA-256' as const,
  directives: [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:", // Vite inlines the smallest KaTeX font (under 4 kB) as a data: URL
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ] as CspDirectives,
  scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
  styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
};
