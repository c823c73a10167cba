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


def gpu_names() -> list[str]:
    """The GPUs TensorFlow will use: those nvidia-smi lists, if the installed TensorFlow has CUDA
    (`tensorflow[and-cuda]`, from requirements/gpu.txt, brings nvidia-cudnn-cu12; tensorflow-cpu
    never uses a GPU). Decided without importing TensorFlow, which takes seconds."""
    if package_version("nvidia-cudnn-cu12") == "absent" or not shutil.which("nvidia-smi"):
        return []
    try:
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listing.returncode != 0:
        return []
    return [line.split(":", 1)[1].split("(")[0].strip() for line in listing.stdout.splitlines() if line.startswith("GPU")]


def device_class() -> str:
    """'GPU' when TensorFlow will use one, else 'CPU'."""
    return "GPU" if gpu_names() else "CPU"


def execution_environment() -> dict[str, str]:
    """The part of a cache key that is not code."""
    return {
        "python": platform.python_version(),
        "tensorflow": package_version("tensorflow", "tensorflow-cpu", "tensorflow-gpu"),
        "keras": package_version("keras"),
        "device": device_class(),
    }
