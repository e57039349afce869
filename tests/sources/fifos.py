"""A writer for the FIFOs that tests create, that cannot leave a test hanging."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def fifo_written(fifo: Path, data: str) -> Iterator[None]:
    """`data` written into `fifo` by a thread while the block runs; a FIFO nobody read fails the test."""

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as stream:
            stream.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield
    finally:
        writer.join(30)
        if writer.is_alive():
            reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer's open() return
            writer.join()
            os.close(reader)
            pytest.fail(f"{fifo} was never read")
