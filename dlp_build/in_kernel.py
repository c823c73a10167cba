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

    set_matplotlib_formats("png")
    matplotlib.rcParams.update(
        {"figure.dpi": 100, "savefig.dpi": 100, "figure.facecolor": "white", "savefig.facecolor": "white"}
    )


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
