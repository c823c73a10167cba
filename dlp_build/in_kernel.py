"""Code that runs inside a chapter's Jupyter kernel, before and after the chapter's fences."""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def start() -> None:
    """Prepare a fresh kernel: quiet TensorFlow start-up, offline datasets, inline plots.

    Runs before any fence, so before TensorFlow or Keras is imported.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    from dlp_build import datasets

    datasets.configure_keras_home()

    import matplotlib
    from IPython import get_ipython

    # An inherited MPLBACKEND=Agg would hide every figure: choose the inline backend explicitly.
    get_ipython().run_line_magic("matplotlib", "inline")
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    # Twice the pixels, shown at the figure's size (sharp on high-density screens); the formatter
    # then adds a description of what was drawn, the page's alternative text.
    set_matplotlib_formats("retina")
    matplotlib.rcParams.update(
        {"figure.dpi": 100, "savefig.dpi": 100, "figure.facecolor": "white", "savefig.facecolor": "white"}
    )
    from IPython.display import Image
    from matplotlib.figure import Figure

    png = get_ipython().display_formatter.formatters["image/png"]
    draw_figure = png.lookup_by_type(Figure)
    png.for_type(Figure, lambda figure: _described(draw_figure(figure), describe_figure(figure)))
    png.for_type(Image, lambda image: _described(image._repr_png_(), describe_image(image)))


def _described(drawn: Any, alt: str) -> Any:
    """A PNG formatter's result with `alt` added to its metadata (None: nothing was drawn)."""
    if drawn is None:
        return None
    data, metadata = drawn if isinstance(drawn, tuple) else (drawn, {})
    return data, {**(metadata or {}), "alt": alt}


def describe_figure(figure: Any) -> str:
    """What a Matplotlib figure shows, in words: for each panel its kind of plot, title, axis
    labels and legend entries, e.g. "Line plot 'Training and validation loss': Epochs vs Loss;
    legend: Training loss, Validation loss"."""
    panels = [describe_axes(axes) for axes in figure.get_axes() if axes.get_visible() and not _is_colorbar(axes)]
    title = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    legends = [text.get_text() for legend in figure.legends for text in legend.get_texts()]
    head = f"Figure '{title}'" if title else "Figure"
    if len(panels) == 1 and not title:
        text = panels[0]
    elif len(panels) == 1:
        text = f"{head}: {panels[0]}"
    else:
        text = f"{head} with {len(panels)} panels. " + ". ".join(f"({i}) {p}" for i, p in enumerate(panels, 1))
    return text + (f"; legend: {', '.join(legends)}" if legends else "")


def describe_axes(axes: Any) -> str:
    """One panel: kind, 'title', "x-label vs y-label", legend entries."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    kinds = []
    if axes.get_lines():
        kinds.append("line plot")
    points = sum(len(c.get_offsets()) for c in axes.collections if isinstance(c, PathCollection))
    if points:
        kinds.append(f"scatter plot of {points:,} points")
    if any(isinstance(c, BarContainer) for c in axes.containers):
        kinds.append("bar chart")
    for image in axes.get_images():
        shape = image.get_array().shape
        kinds.append(f"image of {shape[1]}×{shape[0]} pixels")
    text = (" and ".join(kinds) or "empty plot").capitalize()
    title = " ".join(t for t in (axes.get_title(loc) for loc in ("left", "center", "right")) if t)
    if title:
        text += f" '{title}'"
    x, y = axes.get_xlabel(), axes.get_ylabel()
    labels = f"{x} vs {y}" if x and y else f"x axis {x}" if x else f"y axis {y}" if y else ""
    legend = axes.get_legend()
    entries = [t.get_text() for t in legend.get_texts()] if legend else []
    details = [labels] if labels else []
    if entries:
        details.append(", ".join(entries))
    return text + (": " + "; ".join(details) if details else "")


def _is_colorbar(axes: Any) -> bool:
    return getattr(axes, "_colorbar", None) is not None


def describe_image(image: Any) -> str:
    """An image displayed from a file or bytes (keras.utils.plot_model shows its diagram so)."""
    name = os.path.basename(image.filename) if getattr(image, "filename", None) else ""
    return f"Image {name}" if name else "Image"


def _jsonable(value: Any) -> Any:
    """Plain JSON data for a probe value: shapes become lists, dtypes names, arrays lists."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "as_list"):  # tf.TensorShape
        return value.as_list()
    if hasattr(value, "numpy"):  # tf.Tensor, tf.Variable
        return _jsonable(value.numpy())
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _jsonable(value.tolist())
    if hasattr(value, "name") and type(value).__name__ in ("DType", "dtype"):
        return str(value.name)
    return repr(value)


def report(namespace: dict[str, Any], expressions: dict[str, str], path: str) -> None:
    """Write to `path` (JSON) each probe's value in `namespace` (name -> expression), the GPUs seen
    and the stand-ins used. A file, not stdout: a block's threads or TensorFlow's C++ logging
    may write to the streams at any time."""
    probes: dict[str, Any] = {}
    for name, expression in expressions.items():
        try:
            probes[name] = {"value": _jsonable(eval(expression, namespace))}
        except Exception as error:  # reported to the test that checks this expression
            probes[name] = {"error": f"{type(error).__name__}: {error}"}
    # Versions come from the host (dlp_build.environment); only the kernel knows these two.
    environment: dict[str, Any] = {"gpus": []}
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        environment["gpus"] = [
            tf.config.experimental.get_device_details(gpu).get("device_name", gpu.name)
            for gpu in tf.config.list_physical_devices("GPU")
        ]
    from dlp_build import datasets

    environment["standins"] = sorted(datasets.STANDINS_USED)
    with open(path + ".tmp", "w") as out:
        json.dump({"probes": probes, "environment": environment}, out)
    os.replace(path + ".tmp", path)


def exception_classes(path: str) -> None:
    """Write to `path` the qualified names of the last error's classes, most specific first
    (xfail's `raises=` matches a subclass too, as in pytest)."""
    error = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    names = [f"{cls.__module__}.{cls.__qualname__}" for cls in type(error).__mro__] if error else []
    with open(path, "w") as out:
        json.dump(names, out)
