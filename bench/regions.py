"""Time the region directory load and place resolution.

    .venv/bin/python bench/regions.py [--rounds 200]

Uses the inputs of tests/regions/test_regions_resolve.py, so the numbers cover the same mix of
postcodes, names, sentences, typos and unknown text that the tests check.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_INPUTS = ROOT / "tests" / "regions" / "test_regions_resolve.py"


def _test_inputs() -> list[str]:
    spec = importlib.util.spec_from_file_location("regions_resolve_cases", TEST_INPUTS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.ALL_INPUTS)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="passes over the inputs (default 200)")
    args = parser.parse_args()

    started = time.perf_counter()
    from bot.regions.directory import RegionDirectory
    from bot.regions.resolve import PlaceResolver
    from bot.regions.vocabulary import load_vocabulary

    imported = time.perf_counter()
    directory = RegionDirectory.load()
    loaded = time.perf_counter()
    resolver = PlaceResolver(directory, load_vocabulary(directory))
    ready = time.perf_counter()

    print(f"import bot.regions:        {_ms(imported - started)}")
    print(f"load + validate directory: {_ms(loaded - imported)}")
    print(f"vocabulary + resolver:     {_ms(ready - loaded)}")
    print(f"total start-up cost:       {_ms(ready - imported)} (budget 300 ms, imports excluded)")

    inputs = _test_inputs()
    timings: list[float] = []
    for _ in range(args.rounds):
        for text in inputs:
            call_started = time.perf_counter()
            resolver.resolve(text)
            timings.append(time.perf_counter() - call_started)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"resolve(): {len(inputs)} inputs x {args.rounds} rounds: mean {_ms(statistics.fmean(timings))}, "
        f"p95 {_ms(p95)}, max {_ms(timings[-1])} (budget 5 ms per call)"
    )
    slowest = sorted(inputs, key=lambda text: _time_one(resolver, text), reverse=True)[:3]
    print("slowest inputs: " + ", ".join(repr(text[:40]) for text in slowest))
    return 0


def _time_one(resolver, text: str) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(20):
        resolver.resolve(text)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
