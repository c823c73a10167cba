// Material's code blocks, set up lazily (the content.lazy feature): Material adds a block's copy
// button and annotations only when the block scrolls into view, which keeps a page of 134 blocks
// fast to load; the browser lays a block out only when it comes near (outputs.css). What a
// reader would notice of that is done here, up front:
// - the list of annotations under a block is hidden from the start (Material hides it when it
//   sets the block up), so the page does not jump when it goes; printed, it shows;
// - each annotation's link, a number drawn by CSS, gets a name a screen reader can say;
// - a block too wide for the page can be reached with the keyboard (Material does this on set-up,
//   only where the screen has hover, as here), so Tab does not pass over one not yet set up, and
//   it reserves room for its scrollbar before it is laid out;
// - a block with annotations is always laid out.
const MARKER = /\(\d+\)!/;  // an annotation marker in a code comment: # (1)!

const lists = [...document.querySelectorAll(".md-typeset .highlight + ol")]
  .filter(list => MARKER.test(list.previousElementSibling.textContent));
const hideLists = hidden => { for (const list of lists) list.hidden = hidden; };
hideLists(true);
// An annotated block is always laid out (docs/stylesheets/outputs.css skips blocks off screen):
// skipping implies containment, which would clip the annotations' tooltips to the block.
for (const list of lists) list.previousElementSibling.querySelector("pre > code")?.style.setProperty("content-visibility", "visible");
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

// A block off screen is not laid out (docs/stylesheets/outputs.css), so its width cannot be read
// from it without the layout that is spared: its longest line is measured on a canvas instead, in
// the block's font, against the room the block has. Read in a ResizeObserver's callback, where the
// layout is fresh: all reads, then all writes; again whenever a block changes size.
const context = document.createElement("canvas").getContext("2d");
const longestLines = new WeakMap();  // code -> its longest line (read once, before Material's set-up)
let contextFont = "";  // (setting the context's font is the slow part: only when it changes)

function neededWidth(code) {
  if (!longestLines.has(code)) {
    longestLines.set(code, code.textContent.split("\n").reduce((a, b) => (b.length > a.length ? b : a), ""));
  }
  const style = getComputedStyle(code);
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  if (font !== contextFont) context.font = contextFont = font;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return context.measureText(longestLines.get(code)).width + padding;
}

// A wide block, once laid out, has a horizontal scrollbar: where scrollbars take room (not on
// macOS by default), its reserved height includes one (--dlp-scrollbar).
let scrollbarHeight = null;
function measureScrollbar() {
  const probe = document.createElement("code");
  probe.style.cssText = "position: absolute; visibility: hidden; width: 4em; overflow-x: scroll";
  const pre = document.createElement("pre");
  pre.append(probe);
  (document.querySelector(".md-typeset") ?? document.body).append(pre);
  const height = probe.offsetHeight - probe.clientHeight;
  pre.remove();
  return height;
}

const SUBPIXEL = 0.5;  // px: text measured on a canvas and laid out may differ by a fraction
// Only where the screen has hover, as Material does: a touch screen has no Tab key to reach a
// block with, and overlay scrollbars, which take no room.
const wideBlocks = new ResizeObserver(entries => {
  if (!matchMedia("(hover)").matches) return;
  scrollbarHeight ??= measureScrollbar();
  const wide = entries.map(({target}) => [target, target.clientWidth > 0 && neededWidth(target) > target.clientWidth + SUBPIXEL]);
  for (const [code, scrollable] of wide) {
    scrollable ? code.setAttribute("tabindex", "0") : code.removeAttribute("tabindex");
    if (scrollbarHeight > 0) {  // (overlay scrollbars: nothing to reserve)
      scrollable ? code.style.setProperty("--dlp-scrollbar", `${scrollbarHeight}px`) : code.style.removeProperty("--dlp-scrollbar");
    }
  }
});
for (const code of document.querySelectorAll(".md-typeset pre > code")) wideBlocks.observe(code);
