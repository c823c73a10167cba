// Material's code annotations are numbered links whose number is drawn by CSS: name them.
document$.subscribe(() => {
  for (const link of document.querySelectorAll("a.md-annotation__index:not([aria-label])")) {
    link.setAttribute("aria-label", `Annotation ${link.firstElementChild?.dataset.mdAnnotationId ?? ""}`.trim());
  }
});
