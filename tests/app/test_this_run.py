"""ui.data.this_run: one memo a script run, never carried into the next run (it relies on Streamlit
giving the run context a new ``cursors`` dict at every run; an upgrade that stops doing so fails here)."""

from streamlit.testing.v1 import AppTest

from ui.thisrun import this_run


def _script():
    import streamlit as st

    from ui.thisrun import this_run

    memo = this_run()
    st.markdown(f"before {sorted(memo)}")
    memo["seen"] = True
    st.markdown(f"same {this_run() is memo}")


def test_the_memo_lives_for_one_run():
    at = AppTest.from_function(_script, default_timeout=30)
    for _ in range(3):
        at.run()
        assert not at.exception
        assert [m.value for m in at.markdown] == ["before []", "same True"]


def test_outside_a_run_nothing_is_kept():
    this_run()["x"] = 1
    assert this_run() == {}
