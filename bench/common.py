"""Shared helpers: statistics, timing, peak memory, the machine, and the results table every section fills."""

from __future__ import annotations

import gzip
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shared fixtures live beside the checkout, not in it.
PHOTOS = Path(__file__).resolve().parents[2] / "shared/fixtures/photos"
SECRET_KEY = "bench-" + "0123456789abcdef" * 4  # a throwaway app signed with a fixed key: workers must agree


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


@dataclass
class Times:
    """Per-call wall and CPU seconds. CPU time (this process, all threads) is what in-process ratios use: the
    machine may be shared, and waiting for a core says nothing about the code."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def cpu_median(self) -> float:
        return median(self.cpu)

    @property
    def wall_median(self) -> float:
        return median(self.wall)

    def text(self) -> str:
        return f"{ms(self.cpu_median)} CPU (wall {ms(self.wall_median)})"


def timed(fn: Callable[[], object], runs: int, warmup: int = 1) -> Times:
    """Wall and CPU seconds per call, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = Times()
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        times.cpu.append(time.process_time() - cpu)
        times.wall.append(time.perf_counter() - wall)
    return times


def gz(data: bytes) -> int:
    """Bytes as a proxy serves them: gzip level 6."""
    return len(gzip.compress(data, compresslevel=6))


# --- Peak memory: the kernel's high-water mark, reset before each measurement --------------------------

def _status_kb(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _malloc_trim() -> None:
    """Hand freed heap memory back to the OS so that the next high-water mark measures new allocations only."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def peak_extra_bytes(fn: Callable[[], object]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS above the RSS before the call) for one call: Pillow, fonts and C
    libraries included.

    Freed memory is trimmed and the kernel's high-water mark reset first, so repeated measurements in one
    process stay meaningful. Without a resettable mark it falls back to ru_maxrss, which only the first, largest
    measurement of a process can use.
    """
    import gc
    import resource

    gc.collect()
    _malloc_trim()
    can_reset = reset_peak()
    before = _status_kb("VmRSS") if can_reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = _status_kb("VmHWM") if can_reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return wall, cpu, max(0, peak - before) * 1024


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine() -> dict[str, str]:
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu or platform.processor() or "?",
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB (MemTotal {mem_kb} kB)",
        "python": sys.version.split()[0] + f" ({platform.python_implementation()})",
        "os": platform.platform(),
    }


# --- Results --------------------------------------------------------------------------------------------

@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    met: bool | None = None  # None: no target

    @property
    def status(self) -> str:
        return "" if self.met is None else ("met" if self.met else "**missed**")


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, measure: str, value: str, target: str = "", met: bool | None = None) -> Row:
        row = Row(measure, value, target, met)
        self.rows.append(row)
        flag = "" if met is None else ("  [met]" if met else "  [MISSED]")
        print(f"  {measure:<58} {value}{'  (target ' + target + ')' if target else ''}{flag}", flush=True)
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def profile_top(fn: Callable[[], object], limit: int = 8) -> list[str]:
    """The functions that took the most CPU time of their own in one call (cProfile), as short lines."""
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    fn()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values()) or 1  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:limit]  # type: ignore[attr-defined]
    packages: dict[str, float] = {}
    for (filename, _line, _name), row in stats.stats.items():  # type: ignore[attr-defined]
        packages[_package(filename)] = packages.get(_package(filename), 0.0) + row[2]
    shares = sorted(packages.items(), key=lambda item: item[1], reverse=True)[:5]
    out = ["by package " + ", ".join(f"{name} {seconds / total:.0%}" for name, seconds in shares)]
    for (filename, line, name), (_cc, calls, tottime, _cum, _callers) in rows:
        where = name if filename == "~" else f"{Path(filename).name}:{line} {name}"
        out.append(f"{where} {tottime * 1000:.0f} ms ({tottime / total:.0%}, {calls} calls)")
    return out


def _package(filename: str) -> str:
    """Where a profiled function lives: a site-packages distribution, inspect_app, the standard library or C."""
    if filename == "~":
        return "C builtins/extensions"
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "inspect_app" in parts:
        return "inspect_app"
    return "stdlib" if "python3" in filename else Path(filename).name
