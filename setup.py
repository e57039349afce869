"""Package discovery that pyproject.toml cannot say: the top-level migrations/ folder ships as tracker.migrations.

The Alembic revisions stay at the top of the source tree, where `alembic` and the tests find them; an
installed tracker finds them inside its package (tracker/store/migrate.py).
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["tracker", "tracker.*"]),
        "tracker.migrations",
        "tracker.migrations.versions",
    ],
    package_dir={"tracker.migrations": "migrations"},
)
