/**
 * Citation cards. Without JavaScript a citation is a plain link to its bibliography entry. With it,
 * hovering shows the card, and a click, a tap or Enter opens it with focus inside (Escape closes it
 * and returns focus to the citation).
 */
const HOVER_DELAY_MS = 180;

function place(card: HTMLElement, anchor: HTMLElement): void {
  const rect = anchor.getBoundingClientRect();
  const margin = 8;
  const width = card.offsetWidth;
  const height = card.offsetHeight;
  const left = Math.min(Math.max(margin, rect.left), window.innerWidth - width - margin);
  const below = rect.bottom + 6;
  const top = below + height + margin <= window.innerHeight ? below : Math.max(margin, rect.top - height - 6);
  card.style.left = `${left}px`;
  card.style.top = `${top}px`;
}

function setup(): void {
  let openedBy: HTMLElement | null = null;
  let hoverTimer: number | undefined;
  let closeTimer: number | undefined;

  const cardFor = (link: HTMLElement) => {
    const id = link.dataset.card;
    return id ? document.getElementById(id) : null;
  };
  const open = (link: HTMLElement, focus: boolean) => {
    const card = cardFor(link);
    if (!card) return;
    window.clearTimeout(closeTimer);
    if (!card.matches(':popover-open')) card.showPopover();
    openedBy = link;
    link.setAttribute('aria-expanded', 'true');
    place(card, link);
    if (focus) card.querySelector<HTMLElement>('a')?.focus();
  };

  for (const link of document.querySelectorAll<HTMLElement>('a.citation[data-card]')) {
    link.setAttribute('aria-haspopup', 'dialog');
    link.setAttribute('aria-expanded', 'false');
    link.setAttribute('aria-controls', link.dataset.card ?? '');
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const card = cardFor(link);
      if (card?.matches(':popover-open') && openedBy === link) card.hidePopover();
      else open(link, event.detail === 0);
    });
    link.addEventListener('pointerenter', (event) => {
      if (event.pointerType !== 'mouse') return;
      hoverTimer = window.setTimeout(() => open(link, false), HOVER_DELAY_MS);
    });
    link.addEventListener('pointerleave', (event) => {
      if (event.pointerType !== 'mouse') return;
      window.clearTimeout(hoverTimer);
      const card = cardFor(link);
      closeTimer = window.setTimeout(() => {
        if (card && !card.matches(':hover') && !card.contains(document.activeElement)) card.hidePopover();
      }, 300);
    });
  }

  for (const card of document.querySelectorAll<HTMLElement>('.cite-card')) {
    card.addEventListener('toggle', (event) => {
      if ((event as ToggleEvent).newState === 'closed' && openedBy) {
        openedBy.setAttribute('aria-expanded', 'false');
        if (card.contains(document.activeElement)) openedBy.focus();
      }
    });
    card.addEventListener('pointerleave', (event) => {
      if (event.pointerType === 'mouse' && !card.contains(document.activeElement)) card.hidePopover();
    });
    card.querySelector('[data-close-card]')?.addEventListener('click', () => card.hidePopover());
  }
}

setup();
