"""Handing freed native memory back to the operating system after each answer.

Each answer embeds a few dozen sentences: torch and oneDNN allocate and free many native buffers
of varied sizes, and glibc keeps the freed pages. Over 200 answers the service held about 85 MB
more than after ``malloc_trim`` (measured in-process; ``evals/bench_service.py`` reports the RSS),
and the target is a service under 1 GB. A trim costs about 1 ms. Where the C library has no
``malloc_trim`` (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def release_memory() -> bool:
    """Return freed heap pages to the OS; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
