"""The packaged stance model in a helper process.

A model thread inside the parsing process gives its results back through the GIL, and the parse holds the GIL
for long stretches inside spaCy's compiled code: measured in ingest, each model call took 12.4 ms in a thread
against 7.3 ms on its own. A separate process has its own GIL, so the model runs at full speed on the core the
parse leaves idle. The answers are the same: one target per call, the same model file.

The helper is a plain `python -m tracker.stance.process` child speaking pickled messages over two pipes: unlike
multiprocessing's spawn, it never re-imports the caller's main script, and it exits when the parent's end of its
request pipe closes, so a killed ingest leaves no helper behind.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import IO, Any

from tracker.errors import TrackerError
from tracker.types import StanceLabel

Answer = list[tuple[StanceLabel, float]]


def serve(requests: IO[bytes], answers: IO[bytes], threads: int) -> None:
    """The helper's loop: answer `(items, batch_size)` requests in order until the request pipe closes."""
    try:
        from tracker.stance.model import StanceModel

        model: StanceModel | None = StanceModel.load(threads=threads)
        failure = ""
    except Exception as exc:  # noqa: BLE001 - reported to the parent with every answer
        model, failure = None, f"{type(exc).__name__}: {exc}"
    while True:
        try:
            items, batch_size = pickle.load(requests)
        except EOFError:
            return
        answer: Answer | str = failure
        if model is not None:
            try:
                answer = model.predict(items, batch_size=batch_size)
            except Exception as exc:  # noqa: BLE001
                answer = f"{type(exc).__name__}: {exc}"
        try:
            pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
        except BrokenPipeError:
            return  # the parent stopped reading


class ModelProcess:
    """Sends `(text, start, end)` items to the stance model in a helper process; answers come back in order."""

    def __init__(self, threads: int) -> None:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tracker.stance.process", str(request_read), str(answer_write), str(threads)],
            pass_fds=(request_read, answer_write),
            stdin=subprocess.DEVNULL,
        )
        os.close(request_read)
        os.close(answer_write)
        self._requests = os.fdopen(request_write, "wb")
        self._answers = os.fdopen(answer_read, "rb")
        # Requests go out through a thread: a request can outgrow the pipe's buffer while the helper is busy,
        # and the parse must not wait for that.
        self._outbox: queue.Queue[tuple[list[tuple[str, int, int]], int] | None] = queue.Queue()
        self._sender = threading.Thread(target=self._send, name="tracker-stance-sender", daemon=True)
        self._sender.start()
        self._sent = 0
        self._received = 0

    def _send(self) -> None:
        while (request := self._outbox.get()) is not None:
            try:
                pickle.dump(request, self._requests, protocol=pickle.HIGHEST_PROTOCOL)
                self._requests.flush()
            except (BrokenPipeError, ValueError):
                return  # the helper is gone; the reader reports it
        self._requests.close()

    def submit(self, items: Sequence[tuple[str, int, int]], batch_size: int = 1) -> Callable[[], Answer]:
        """Queue items for the model; returns what waits for their answers (call those in submission order)."""
        ticket = self._sent
        self._sent += 1
        self._outbox.put((list(items), batch_size))
        received: list[Answer] = []

        def answer() -> Answer:
            if not received:  # a ticket is answered once; asking again returns the same answer
                received.append(self._receive(ticket))
            return received[0]

        return answer

    def _receive(self, ticket: int) -> Answer:
        if ticket != self._received:
            raise TrackerError(f"stance answers are read in order: expected ticket {self._received}, not {ticket}")
        try:
            answer: Any = pickle.load(self._answers)
        except (EOFError, pickle.UnpicklingError) as exc:
            code = self._process.wait(timeout=5)
            raise TrackerError(f"the stance model process stopped (exit code {code})") from exc
        self._received += 1
        if isinstance(answer, str):
            raise TrackerError(f"stance model failed: {answer}")
        return answer  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the helper: closing its request pipe ends it; one that does not end within seconds is killed."""
        self._outbox.put(None)
        self._sender.join(timeout=5)
        self._answers.close()  # answers nobody will read: the helper's next write ends it
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


if __name__ == "__main__":
    request_fd, answer_fd, thread_count = (int(arg) for arg in sys.argv[1:4])
    with os.fdopen(request_fd, "rb") as request_stream, os.fdopen(answer_fd, "wb") as answer_stream:
        serve(request_stream, answer_stream, thread_count)
