/**
 * Keeps the CSS variable `--topbar-height` equal to the header's height, so that on narrow
 * screens the toolbar sticks right under the header even when the header wraps onto two lines.
 */
import { useEffect } from 'react';

/** Measures `.topbar` while the component is mounted; sets `--topbar-height` on the root. */
export function useTopbarHeight(): void {
  useEffect(() => {
    const header = document.querySelector<HTMLElement>('.topbar');
    if (!header) return;
    const root = document.documentElement;
    const set = () => root.style.setProperty('--topbar-height', `${header.offsetHeight}px`);
    set();
    const observer = new ResizeObserver(set);
    observer.observe(header);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--topbar-height');
    };
  }, []);
}
