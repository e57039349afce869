"""The stance model in a helper process: the same answers as in-process, in order, clear errors, no orphans."""

from __future__ import annotations

import pytest

from tracker.errors import TrackerError
from tracker.stance.model import DATA_DIR, MODEL_FILE, StanceModel
from tracker.stance.process import ModelProcess

pytestmark = pytest.mark.skipif(not (DATA_DIR / MODEL_FILE).is_file(), reason="trained stance model not shipped")

SEED = "Japan is our indispensable partner in deterring Communist China’s military aggression"
ITEMS = [(SEED, 0, 5), (SEED, SEED.index("Communist China"), SEED.index("’s"))]


def test_helper_answers_in_order_as_the_model_does() -> None:
    helper = ModelProcess(threads=1)
    try:
        first = helper.submit(ITEMS)
        second = helper.submit(ITEMS[::-1])
        answers = first()
        assert answers == StanceModel.load(threads=1).predict(ITEMS)
        assert first() == answers  # asking again does not wait for another answer
        assert second() == answers[::-1]
    finally:
        helper.close()


def test_a_stopped_helper_is_a_clear_error() -> None:
    """A helper that dies (killed, out of memory) is reported, not waited for forever."""
    helper = ModelProcess(threads=1)
    try:
        helper._process.terminate()
        helper._process.wait()
        with pytest.raises(TrackerError, match=r"the stance model process stopped \(exit code -15\)"):
            helper.submit(ITEMS)()
    finally:
        helper.close()


def test_the_helper_ends_when_its_parent_stops_asking() -> None:
    helper = ModelProcess(threads=1)
    assert helper.submit(ITEMS)() == StanceModel.load(threads=1).predict(ITEMS)
    helper.close()
    assert helper._process.returncode == 0
