/**
 * Makes a Plot figure fit the article, at build time and in the browser alike: panel titles become
 * captions rather than headings, charts are labelled images, and the `aria-label`s Plot puts on `<g>`
 * elements (which have no role, and fail accessibility audits) move to `data-label`.
 */
export function normaliseForStaticHtml(root: Element): void {
  // Plot writes a panel's title as <h2>, which would break the article's outline: make it a caption.
  for (const heading of Array.from(root.querySelectorAll('h2, h3'))) {
    const title = root.ownerDocument.createElement('p');
    title.className = 'panel-title';
    title.textContent = heading.textContent;
    heading.replaceWith(title);
  }
  const svgs = root.tagName.toLowerCase() === 'svg' ? [root] : Array.from(root.querySelectorAll('svg'));
  for (const svg of svgs) {
    if (svg.getAttribute('role')) continue;
    // A chart (it carries Plot's aria-label) is an image; a legend's colour swatch is decoration
    // next to its text label, and an unlabelled role="img" fails axe and Lighthouse (svg-img-alt).
    if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
    else svg.setAttribute('aria-hidden', 'true');
  }
  for (const g of Array.from(root.querySelectorAll('g[aria-label]'))) {
    g.setAttribute('data-label', g.getAttribute('aria-label') ?? '');
    g.removeAttribute('aria-label');
  }
}
