"""Where a filter change's server CPU goes: the app served with every script run under cProfile.

    .venv/bin/python bench/profile_rerun.py            # 1 page load + 10 filter changes, top 30 functions
    .venv/bin/python bench/profile_rerun.py --changes 20 --top 50 --sort tottime

Starts ``streamlit run app.py`` in a child process whose ScriptRunner runs each script run inside
cProfile (one .prof file a run), drives it with one bench/load.py session (a page load, then clicks on
a chain-segment pill), and prints the profile summed over the filter changes (not the page loads).
Only the script thread is profiled: Streamlit's own serialization and websocket work run elsewhere.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import itertools
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _serve(out_dir: str, argv: list[str]) -> None:
    """In the child: patch the script runner, then run Streamlit's CLI."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web.cli import main

    original = script_runner.ScriptRunner._run_script
    counter = itertools.count()

    def _run_script(self, rerun_data):
        profile = cProfile.Profile(time.thread_time)  # CPU of the script thread, not waits for the GIL
        n = next(counter)
        bare = n % 2 == 1  # every other run unprofiled: the script thread's real CPU
        start = time.thread_time()
        if not bare:
            profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            if bare:
                with open(f"{out_dir}/bare.txt", "a") as f:
                    f.write(f"{time.thread_time() - start}\n")
            else:
                profile.disable()
                profile.dump_stats(f"{out_dir}/run-{n:04d}.prof")


    script_runner.ScriptRunner._run_script = _run_script
    sys.argv = ["streamlit", *argv]
    main()


async def _drive(url: str, changes: int) -> None:
    from bench.load import FILTER_SEGMENT, Session
    from geo.i18n import t

    session = Session(url)
    await session.open()
    widget = session.segment_widget()
    for _ in range(2 * changes + 2):
        await session.toggle(widget, t(f"segment.{FILTER_SEGMENT}", "zh"))
    await session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", help="a regular expression: only functions whose file:line(name) matches "
                        "(e.g. 'main/(ui|geo|pages)/' for the app's own code)")
    parser.add_argument("--callers", action="append", default=[], help="also print the callers of these")
    parser.add_argument("--callees", action="append", default=[], help="also print what these call")
    args = parser.parse_args(argv)
    from bench.harness import streamlit_server

    with tempfile.TemporaryDirectory(prefix="qcm-prof-") as out:
        launcher = [sys.executable, str(Path(__file__).resolve()), "--serve", out]
        with streamlit_server("app.py", launcher=launcher) as server:
            asyncio.run(_drive(server.url, args.changes))
            time.sleep(1)
        runs = sorted(Path(out).glob("run-*.prof"))
        changes = runs[2:]  # run 0: the page load; run 2: the second change (warms the filtered view)
        bare = [float(x) for x in (Path(out) / "bare.txt").read_text().split()][1:]
        stats = pstats.Stats(*map(str, changes))
        print(f"script-thread CPU per change, unprofiled (every other run): median "
              f"{statistics.median(bare) * 1000:.0f} ms of {len(bare)}")
        print(f"{len(changes)} filter changes profiled (cProfile in the script thread)")
        print(f"script-thread CPU per change (profiled, so slower than without): "
              f"{stats.total_tt / max(1, len(changes)) * 1000:.0f} ms")
        stats.sort_stats(args.sort).print_stats(*([args.only] if args.only else []), args.top)
        for name in args.callers:
            stats.print_callers(name)
        for name in args.callees:
            stats.print_callees(name)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        _serve(sys.argv[2], sys.argv[3:])
    else:
        raise SystemExit(main())
