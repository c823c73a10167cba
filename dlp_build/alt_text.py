"""A figure's alternative text, written from what the kernel read of it (dlp_build/in_kernel.py).

"Line plot 'Training and validation loss': Epochs vs Loss; Training loss, Validation loss": for
each panel its kind of plot, title, axis labels and legend entries. Written at render time, so a
change here reaches every page without executing anything.
"""

from __future__ import annotations


def describe(facts: dict) -> str:
    """The alternative text for one image's facts (a Matplotlib figure, or an image file)."""
    if "panels" not in facts:
        return _image_file(facts)
    panels = [_panel(panel) for panel in facts["panels"]]
    head = f"Figure '{facts['title']}'" if facts.get("title") else "Figure"
    if len(panels) == 1:
        text = f"{head}: {panels[0]}" if facts.get("title") else panels[0]
    else:
        text = f"{head} with {len(panels)} panels. " + ". ".join(_numbered(panels))
    legend = facts.get("legend") or []
    return text + (f"; legend: {', '.join(legend)}" if legend else "")


def _panel(panel: dict) -> str:
    """Kind 'title': x vs y; legend entries."""
    kinds = []
    if panel["lines"]:
        kinds.append("line plot")
    if panel["points"]:
        kinds.append(f"scatter plot of {panel['points']:,} points")
    if panel["bars"]:
        kinds.append("bar chart")
    kinds += [f"image of {width}×{height} pixels" for width, height in panel["images"]]
    text = (" and ".join(kinds) or "empty plot").capitalize()
    if panel["title"]:
        text += f" '{panel['title']}'"
    x, y = panel["x"], panel["y"]
    details = [f"{x} vs {y}" if x and y else f"x axis {x}" if x else f"y axis {y}" if y else ""]
    details.append(", ".join(panel["legend"]))
    details = [detail for detail in details if detail]
    return text + (": " + "; ".join(details) if details else "")


def _numbered(panels: list[str]) -> list[str]:
    """'(1) A', '(2-5) B': panels that read the same are said once, with their range."""
    runs: list[tuple[int, int, str]] = []
    for number, panel in enumerate(panels, start=1):
        if runs and runs[-1][2] == panel:
            runs[-1] = (runs[-1][0], number, panel)
        else:
            runs.append((number, number, panel))
    return [f"({first}) {text}" if first == last else f"({first}–{last}) {text}" for first, last, text in runs]


def _image_file(facts: dict) -> str:
    name = f", {facts['file']}" if facts.get("file") else ""
    if facts.get("plot_model"):
        shapes = ", with each layer's input and output shapes" if facts.get("shapes") else ""
        return f"Diagram of the Keras model's layers and how they connect{shapes} (keras.utils.plot_model{name})"
    return f"Image{name}"
