"""`sandbox serve` keeps its threads on one CPU (Linux), the one it started on; `--all-cpus` does not.

Why: the sandbox is Python threads, one per connection, and only the thread holding the GIL runs
Python. Spread over two or more cores by the scheduler, every hand-over of the GIL (at each socket
read and write, each SQLite call) wakes a thread on another core, so each lookup paid for a futex
round and a cold cache there. Measured on 2 CPUs with the load from separate processes (issue 15,
benchmarks/sandbox_load.py): 8 keep-alive clients 2,440 -> 4,950 lookups/s, CPU per lookup 404 ->
195 µs; 64 clients p99 61 -> 40 ms. What the GIL lets run at once is a core's worth anyway; SQLite's
C code and the kernel's socket work still run beside it, on the same core.

The CPU is the one the process is running on when it starts (the scheduler's own choice, so likely
not a busy one), and only among those it may use (`taskset` and cgroup limits are kept). Other
programs are not pinned and move away from it when it is busy. Where the platform has no
`sched_setaffinity` (macOS, Windows), or only one CPU is allowed, nothing changes.
"""

from __future__ import annotations

import os


def keep_on_one_cpu() -> int | None:
    """Pin this process (and the threads it starts from now on) to one CPU; the CPU, or None."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = os.sched_getaffinity(0)
    if len(allowed) < 2:
        return None
    current = _current_cpu()
    cpu = current if current in allowed else min(allowed)
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:  # a container that forbids it: run as before
        return None
    return cpu


def _current_cpu() -> int | None:
    """The CPU this thread last ran on: field 39 of /proc/self/stat (proc(5) `processor`)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return int(fields[36])  # fields[0] is field 3 (state): field 39 is fields[36]
    except (OSError, ValueError, IndexError):
        return None
