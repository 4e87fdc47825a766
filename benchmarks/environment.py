"""The machine and the package versions a benchmark ran with, for the table's header."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import re
from pathlib import Path

PACKAGES = ("compliance", "polars", "zen-engine", "opa-golib-python-bindings")


def describe() -> dict[str, str]:
    facts = {
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpus": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": _memory(),
    }
    for package in PACKAGES:
        try:
            facts[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            facts[package] = "not installed"
    facts["opa"] = _embedded_opa_version()
    return facts


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match[1].strip() if match else platform.processor() or "unknown"


def _memory() -> str:
    try:
        text = Path("/proc/meminfo").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    match = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return f"{int(match[1]) / 1024 / 1024:.1f} GiB" if match else "unknown"


def _embedded_opa_version() -> str:
    """The OPA release compiled into the bindings' shared library (its Go module path)."""
    spec = importlib.util.find_spec("opa_bindings")
    if spec is None or spec.origin is None:
        return "not installed"
    library = Path(spec.origin).with_name("libopabridge.so")
    try:
        data = library.read_bytes()
    except OSError:
        return "unknown"
    match = re.search(rb"open-policy-agent/opa@(v[0-9][0-9.]*)", data)
    return match[1].decode() if match else "unknown"
