"""The one way work is spread over processes and machines: a Dask cluster, started here or already running.

Work goes out as batches of plain records, a few per worker thread at a time, and comes back as plain
records; what is costly to load (the spaCy pipeline) is loaded once in each worker process and kept there.
This module needs Dask (`pip install -e ".[cluster]"`); `tracker.ingest` imports it only when it needs a cluster.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import resource_tracker
from typing import TYPE_CHECKING, Any, TypeVar

from distributed import Client, KilledWorker, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from tracker.errors import ClusterError, WorkerDied

if TYPE_CHECKING:
    from distributed import Future, Worker

A = TypeVar("A")
R = TypeVar("R")

CONNECT_SECONDS = 10  # to reach a running scheduler: Dask tries again and again until then
FIRST_WORKER_SECONDS = 120  # for a running scheduler to have at least one worker
AHEAD = 1  # batches handed out per worker thread besides the one it runs (see `map_batches`)


def available_cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Preload(WorkerPlugin):
    """Calls `load(*args)` in each worker process as it joins (restarted ones too), before its first task."""

    idempotent = True  # registered again by the next run: a worker that has it keeps it

    def __init__(self, load: Callable[..., object], *args: Any) -> None:
        self.load = load
        self.args = args

    async def setup(self, worker: Worker) -> None:
        # In a thread, so that the worker still answers the scheduler while the model loads for seconds.
        try:
            await asyncio.to_thread(self.load, *self.args)
        except Exception:  # noqa: BLE001 - the first task loads it again and reports the error to the client
            logging.getLogger(__name__).debug("preload failed", exc_info=True)


@contextmanager
def connect(*, workers: int | None = None, address: str | None = None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a cluster of `workers` local processes started for it
    (one thread each; every core by default) and stopped when the block ends, however it ends.

    Raises:
        ClusterError: the scheduler cannot be reached, or has no worker.
    """
    # The client reports what goes wrong, one line each; Dask's own log lines would come between them.
    log = logging.getLogger("distributed")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with _remote(address) if address is not None else _local(workers) as client:
            yield client
    finally:
        log.setLevel(level)


@contextmanager
def _remote(address: str) -> Iterator[Client]:
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except ValueError as exc:
        raise ClusterError(f"{address!r} is no Dask scheduler address: give tcp://HOST:PORT ({exc})") from exc
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} (tried for {CONNECT_SECONDS} s): "
            "is `dask scheduler` running there, and its port open to this machine?"
        ) from exc
    try:
        try:
            client.wait_for_workers(1, timeout=FIRST_WORKER_SECONDS)
        except TimeoutError as exc:
            raise ClusterError(
                f"the Dask scheduler at {address} has no workers: start some with `dask worker {address} --nthreads 1`"
            ) from exc
        yield client
    finally:
        client.close()


@contextmanager
def _local(workers: int | None) -> Iterator[Client]:
    cluster: LocalCluster | None = None
    try:
        with _interrupt_held():
            cluster = LocalCluster(
                n_workers=workers or available_cores(),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=":0",  # any free port: several ingests can run at once
                # No memory limit: a worker holds its pipeline (600 to 900 MB) whatever the batch, and Dask's
                # default share of the RAM per worker would pause or restart workers on small machines.
                memory_limit=0,
                silence_logs=logging.CRITICAL,
            )
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold a Ctrl-C or a SIGTERM back until the block (a cluster's start) is over, then deliver it; and keep
    Ctrl-C from the processes the block starts.

    Both are the client's to handle: they stop the cluster. The worker processes are started, now or when one
    is restarted, from threads made in the block, so they inherit its blocked SIGINT and never see the
    terminal's Ctrl-C, which would kill them with a traceback each (SIGTERM goes to the client alone). A
    signal that came meanwhile is raised once the block is over, when the cluster can be stopped: in the
    middle of its start it cannot.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread handles signals
        return
    # Started now, unmasked: when a worker's start starts it, it unblocks SIGINT in the thread that starts the
    # workers (multiprocessing does that for its own child), and so for the workers started after it.
    resource_tracker.ensure_running()
    held: list[int] = []
    # Other threads (a BLAS library's) may take the signal; the handler runs in the main thread all the same.
    previous_handlers = {
        signum: signal.signal(signum, lambda signum, frame: held.append(signum))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        for signum, handler in previous_handlers.items():
            signal.signal(signum, handler)
    for pending in dict.fromkeys(held):
        signal.raise_signal(pending)  # to the handler there was: KeyboardInterrupt for SIGINT, unless ignored


def map_batches(
    client: Client, function: Callable[..., list[R]], batches: Iterable[list[A]], *args: Any
) -> Iterator[tuple[list[A], list[R] | BaseException]]:
    """`function(batch, *args)` for every batch on the cluster's workers, each batch with its results or the
    exception it raised, as each finishes.

    At most `1 + AHEAD` batches per worker thread are out at a time (one running, the others waiting), and the
    next is read from `batches` only when one comes back, so memory stays flat however long the input; and a
    worker that dies takes only the batches it held with it. Dask runs those again on another worker; a batch
    that every worker trying it died on (Dask's `allowed-failures`) is split and its items run again one at a
    time, so that only the item that kills its worker comes back, as a WorkerDied, and the others are done.
    """
    threads = max(1, sum(client.nthreads().values()))
    source = iter(batches)
    singles: deque[list[A]] = deque()  # the items of batches that killed their workers, to run one at a time
    running = as_completed(loop=client.loop)
    sent: dict[Any, list[A]] = {}  # by task key

    # A batch waiting behind each one running keeps the workers busy while the client takes a result in (on
    # SQLite it stores it). A task that a worker holds when it dies counts as having killed it, whether it ran
    # or waited: once a batch has killed workers, none waits behind another, and its items go out one at a
    # time, so that the one that kills its worker again takes no other item's count with it.
    ahead = [AHEAD]
    alone: set[Any] = set()  # the task key of the item of such a batch that is out

    def top_up() -> None:
        while running.count() < threads * (1 + ahead[0]):
            isolated = bool(singles)
            if isolated and alone:
                return  # the next item goes out when this one is done, or has died on every try
            batch = singles.popleft() if isolated else next(source, None)
            if batch is None:
                return
            future: Future = client.submit(function, batch, *args, pure=False)
            sent[future.key] = batch
            if isolated:
                alone.add(future.key)
            running.add(future)

    top_up()
    for future in running:
        batch = sent.pop(future.key)
        alone.discard(future.key)
        if future.status == "cancelled":
            raise ClusterError("the Dask scheduler dropped the work: it stopped, or lost its connection to this client")
        if future.status == "finished":
            outcome: list[R] | BaseException = future.result()
        else:
            outcome = future.exception()
        future.release()
        if isinstance(outcome, KilledWorker):
            ahead[0] = 0
            if len(batch) > 1:
                singles.extend([item] for item in batch)
            else:
                yield batch, WorkerDied("every worker process that tried it died (KilledWorker)")
        else:
            yield batch, outcome
        top_up()
