"""Python's cyclic garbage collector paused while a corpus is read, analysed and drawn.

Reading a thousand plans makes millions of small objects (rows, tuples, records, node dicts) that
all stay alive until the answer is written. Each time enough of them have been made, the collector
walks every object alive looking for reference cycles, finds none, and starts again: on a 1,000-plan
corpus that is most of the time the views take. None of this work makes cycles (what it drops is
freed at once by reference counting), so the collector waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; it is switched back on after (if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["collector_paused"]
