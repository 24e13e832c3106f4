// Layout checks a screenshot cannot make by itself: nothing wider than the viewport (the page
// scrolls sideways), and no text cut off inside its box (an element that clips or ellipsizes its
// overflowing content). Cheap enough to run on every screen: one pass over the rendered elements.
import { expect, type Page } from "@playwright/test";

/** Each element that sticks out or cuts its text, as `tag.class "text…" (why)`; [] when the layout holds. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`page: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.classList.length ? "." + [...el.classList].join(".") : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    // Inside a box that scrolls sideways by design (a wide table's wrapper), wider content is fine.
    const insideScroller = (el: HTMLElement) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (/auto|scroll/.test(getComputedStyle(a).overflowX)) return true;
      return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
      if (!(el instanceof HTMLElement) || ["INPUT", "TEXTAREA", "SELECT", "OPTION", "SCRIPT", "STYLE", "svg"].includes(el.tagName)) continue;
      const rect = el.getBoundingClientRect();
      // Not rendered, or visually hidden for screen readers (1 px, clipped): nothing to see.
      if (rect.width <= 1 || rect.height <= 1 || el.closest("[hidden], [aria-hidden='true']")) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.position === "fixed" || insideScroller(el)) continue;
      // Wholly off-screen to the left is hiding by design (a skip link until it has focus).
      if (rect.right > root.clientWidth + 0.5 || (rect.left < -0.5 && rect.right > 0)) problems.push(`${name(el)} (outside the viewport: ${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
      const clips = style.overflowX === "hidden" || style.overflowX === "clip" || style.textOverflow === "ellipsis";
      if (clips && el.scrollWidth > el.clientWidth + 1 && (el.textContent ?? "").trim()) problems.push(`${name(el)} (text cut: ${el.scrollWidth} > ${el.clientWidth} px)`);
    }
    return problems;
  });
}

export async function expectLayoutHolds(page: Page, screen: string) {
  expect(await layoutProblems(page), `${screen}: horizontal overflow or cut-off text`).toEqual([]);
}
