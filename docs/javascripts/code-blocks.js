// Material's code blocks, set up lazily (the content.lazy feature): Material adds a block's copy
// button and annotations only when the block scrolls into view, which keeps a page of 130 blocks
// fast to load. Three things a reader would notice are done here, up front:
// - the list of annotations under a block is hidden from the start (Material hides it when it
//   sets the block up), so the page does not jump when it goes; printed, it shows;
// - each annotation's link, a number drawn by CSS, gets a name a screen reader can say;
// - a block too wide for the page can be reached with the keyboard (Material does this on set-up,
//   only where the screen has hover, as here), so Tab does not pass over one not yet set up.
const MARKER = /\(\d+\)!/;  // an annotation marker in a code comment: # (1)!

const lists = [...document.querySelectorAll(".md-typeset .highlight + ol")]
  .filter(list => MARKER.test(list.previousElementSibling.textContent));
const hideLists = hidden => { for (const list of lists) list.hidden = hidden; };
hideLists(true);
// On paper, the lists show (Material shows the list of a block it has set up, too).
addEventListener("beforeprint", () => hideLists(false));
addEventListener("afterprint", () => hideLists(true));

function nameAnnotations() {
  for (const link of document.querySelectorAll("a.md-annotation__index:not([aria-label])")) {
    link.setAttribute("aria-label", `Annotation ${link.firstElementChild?.dataset.mdAnnotationId ?? ""}`.trim());
  }
}
nameAnnotations();
new MutationObserver(nameAnnotations).observe(document.querySelector(".md-content") ?? document.body, {childList: true, subtree: true});

// Measured where the layout is fresh (a ResizeObserver's callback), so no extra layout is forced:
// all reads, then all writes. Again whenever a block changes size, as Material does.
const wideBlocks = new ResizeObserver(entries => {
  if (!matchMedia("(hover)").matches) return;
  const wide = entries.map(({target}) => [target, target.scrollWidth > target.clientWidth]);
  for (const [code, scrollable] of wide) scrollable ? code.setAttribute("tabindex", "0") : code.removeAttribute("tabindex");
});
for (const code of document.querySelectorAll(".md-typeset pre > code")) wideBlocks.observe(code);
