"""One memo a script run: for what a page asks many times a run and cannot change within it."""

from __future__ import annotations

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def this_run() -> dict:
    """A dict that lives as long as the current script run of this session: for what a page asks
    many times a run and cannot change within it (the tours, the basemap settings, whether sign-in
    by OIDC is configured); a fresh dict
    outside a script run. Streamlit gives the run context a new ``cursors`` dict at the start of every
    run (and fragment run), so the memo kept beside it is dropped with it (tests/app/test_this_run.py
    checks that a second run does not see the first run's memo)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return {}
    kept = getattr(ctx, "_qcm_this_run", None)
    if kept is None or kept[0] is not ctx.cursors:
        kept = (ctx.cursors, {})
        ctx._qcm_this_run = kept
    return kept[1]
