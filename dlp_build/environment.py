"""What a chapter's outputs depend on besides its code: Python, TensorFlow, Keras, device class."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata


def package_version(*names: str) -> str:
    """Version of the first installed distribution among `names`, or 'absent'."""
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "absent"


def device_class() -> str:
    """'GPU' when nvidia-smi sees a GPU (TensorFlow then uses it), else 'CPU'.

    Decided without importing TensorFlow, which takes seconds.
    """
    if not shutil.which("nvidia-smi"):
        return "CPU"
    try:
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "CPU"
    return "GPU" if listing.returncode == 0 and "GPU" in listing.stdout else "CPU"


def execution_environment() -> dict[str, str]:
    """The part of a cache key that is not code."""
    return {
        "python": platform.python_version(),
        "tensorflow": package_version("tensorflow", "tensorflow-cpu", "tensorflow-gpu"),
        "keras": package_version("keras"),
        "device": device_class(),
    }
