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
    png.for_type(Figure, lambda figure: _with_facts(draw_figure(figure), figure_facts(figure)))
    png.for_type(Image, lambda image: _with_facts(image._repr_png_(), image_facts(image)))


def _with_facts(drawn: Any, facts: dict) -> Any:
    """A PNG formatter's result with what was drawn (`facts`) in its metadata, from which the
    page writes the figure's alternative text (dlp_build/alt_text.py); None: nothing drawn."""
    if drawn is None:
        return None
    data, metadata = drawn if isinstance(drawn, tuple) else (drawn, {})
    return data, {**(metadata or {}), "dlp_figure": facts}


def figure_facts(figure: Any) -> dict:
    """What a Matplotlib figure shows: its title, legend entries and panels (see axes_facts)."""
    return {
        "title": figure.get_suptitle() if hasattr(figure, "get_suptitle") else "",
        "legend": [text.get_text() for legend in figure.legends for text in legend.get_texts()],
        "panels": [axes_facts(axes) for axes in figure.get_axes() if axes.get_visible() and not _is_colorbar(axes)],
    }


def axes_facts(axes: Any) -> dict:
    """One panel: how many lines, scatter points and bar groups, its images' sizes (width,
    height), its title, axis labels and legend entries."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    legend = axes.get_legend()
    return {
        "lines": len(axes.get_lines()),
        "points": sum(len(c.get_offsets()) for c in axes.collections if isinstance(c, PathCollection)),
        "bars": sum(isinstance(c, BarContainer) for c in axes.containers),
        "images": [list(image.get_array().shape[1::-1]) for image in axes.get_images()],
        "title": " ".join(t for t in (axes.get_title(loc) for loc in ("left", "center", "right")) if t),
        "x": axes.get_xlabel(),
        "y": axes.get_ylabel(),
        "legend": [text.get_text() for text in legend.get_texts()] if legend else [],
    }


def _is_colorbar(axes: Any) -> bool:
    return getattr(axes, "_colorbar", None) is not None


def image_facts(image: Any) -> dict:
    """An image displayed from a file or bytes: its file name, and whether the cell drew it
    with keras.utils.plot_model (which displays the model's diagram so)."""
    from IPython import get_ipython

    cell = (get_ipython().user_ns.get("_ih") or [""])[-1]
    name = os.path.basename(image.filename) if getattr(image, "filename", None) else ""
    return {"file": name, "plot_model": "plot_model(" in cell, "shapes": "show_shapes=True" in cell}


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
