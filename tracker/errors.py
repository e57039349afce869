"""Typed errors raised by the library; the CLI turns them into one-line messages."""


class TrackerError(Exception):
    """Base class for every expected failure."""


class InputError(TrackerError):
    """A file or record cannot be read as an article. The message names the file (and line)."""


class ModelNotFoundError(TrackerError):
    """No usable spaCy pipeline is installed."""


class DatabaseError(TrackerError):
    """The database cannot be opened, migrated or queried."""


class StorageUnavailable(DatabaseError):
    """The database takes no more writes (read-only, disk full): every later write would fail the same way."""


class ReadOnlyViolation(TrackerError):
    """A query given to `tracker sql` would change something."""


class UnknownName(TrackerError):
    """No stored speaker or target goes by the name asked for."""


class ClusterError(TrackerError):
    """The Dask cluster cannot be started or reached, or Dask is not installed."""


class WorkerDied(TrackerError):
    """Every worker process that tried an item died on it (a crash in compiled code, memory exhausted, a kill)."""
