"""sandbox/one_cpu.py: `sandbox serve` keeps its threads on one CPU, the one it runs on, among those
allowed. Each case runs in a child process: pinning the test process would slow the rest of the suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity on this platform")

PROBE = """
import json, os, threading
from checkoutctl.sandbox.one_cpu import keep_on_one_cpu
cpu = keep_on_one_cpu()
seen = []
thread = threading.Thread(target=lambda: seen.append(sorted(os.sched_getaffinity(0))))
thread.start(); thread.join()
print(json.dumps({"cpu": cpu, "process": sorted(os.sched_getaffinity(0)), "thread": seen[0]}))
"""


def probe(allowed: set[int]) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          preexec_fn=lambda: os.sched_setaffinity(0, allowed))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to choose from")
def test_it_keeps_the_process_and_its_new_threads_on_one_allowed_cpu():
    allowed = os.sched_getaffinity(0)
    found = probe(allowed)
    assert found["cpu"] in allowed
    assert found["process"] == found["thread"] == [found["cpu"]]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 3, reason="needs three CPUs to leave one out")
def test_it_stays_inside_a_taskset_limit():
    allowed = set(sorted(os.sched_getaffinity(0))[1:])
    found = probe(allowed)
    assert found["cpu"] in allowed and found["process"] == [found["cpu"]]


def test_one_allowed_cpu_is_left_as_it_is():
    only = {min(os.sched_getaffinity(0))}
    found = probe(only)
    assert found["cpu"] is None and found["process"] == sorted(only)
