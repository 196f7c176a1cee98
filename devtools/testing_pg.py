"""A throwaway PostgreSQL cluster for tests and benchmarks.

Starts a private cluster from the machine's PostgreSQL server binaries (``initdb`` + ``pg_ctl``
under ``/usr/lib/postgresql/<version>/bin``, newest version first) on a free loopback port, and
removes it afterwards. PostgreSQL refuses to run as root, so when the current user is root every
server command runs as the ``postgres`` system user via ``runuser``; the data directory then lives
in a fresh directory under the system temp dir that this user owns.

The cluster trades durability for speed (``fsync=off``): it holds test data only.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import psycopg
from psycopg import sql

POSTGRES_LIB_DIR = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"


class PostgresUnavailableError(RuntimeError):
    """The PostgreSQL server binaries are missing or the cluster failed to start."""


def find_bin_dir(lib_dir: Path = POSTGRES_LIB_DIR) -> Path:
    """The ``bin`` directory of the newest installed PostgreSQL server that has ``initdb``."""
    candidates = []
    if lib_dir.is_dir():
        for version_dir in lib_dir.iterdir():
            if (version_dir / "bin" / "initdb").is_file() and version_dir.name.split(".")[0].isdigit():
                candidates.append((int(version_dir.name.split(".")[0]), version_dir / "bin"))
    if not candidates:
        raise PostgresUnavailableError(
            f"PostgreSQL server binaries not found: no {lib_dir}/<version>/bin/initdb. "
            "Install them with `apt-get install postgresql` (`.ci/run` does this in CI)."
        )
    return max(candidates)[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresCluster:
    """A running throwaway cluster; use :func:`start_cluster` and :meth:`stop`."""

    bin_dir: Path
    base_dir: Path  # removed on stop; holds data/ and the socket dir
    port: int
    run_as: str | None  # system user running the server (None: the current user)
    _stopped: bool = field(default=False, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base_dir / "socket"

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg 3 driver) of ``database`` on this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def create_database(self, name: str, *, template: str = "template1") -> str:
        """Create ``name`` (copied from ``template``); returns its SQLAlchemy URL.

        FILE_COPY copies the template's files directly, much faster for small databases than the
        default WAL_LOG strategy (whose checkpoint cost is negligible here: fsync is off).
        """
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            _run(
                self.run_as,
                [str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "immediate", "-w"],
            )
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _run(run_as: str | None, argv: list[str]) -> subprocess.CompletedProcess[str]:
    command = ["runuser", "-u", run_as, "--", *argv] if run_as else argv
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailableError(
            f"`{' '.join(command)}` failed with exit code {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


def start_cluster(*, bin_dir: Path | None = None) -> PostgresCluster:
    """initdb + pg_ctl start a new cluster on a free 127.0.0.1 port (runs as ``postgres`` under root)."""
    bin_dir = bin_dir or find_bin_dir()
    run_as: str | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SUPERUSER)
        except KeyError as exc:
            raise PostgresUnavailableError(
                f"running as root but there is no `{SUPERUSER}` system user to run the server as"
            ) from exc
        run_as = SUPERUSER
    base_dir = Path(tempfile.mkdtemp(prefix="linfen-etl-pg-"))
    # mkdtemp makes the directory 0700 for the current user; the server user must own it.
    if run_as:
        os.chown(base_dir, owner.pw_uid, owner.pw_gid)
    cluster = PostgresCluster(bin_dir=bin_dir, base_dir=base_dir, port=free_port(), run_as=run_as)
    try:
        (base_dir / "socket").mkdir()
        if run_as:
            os.chown(base_dir / "socket", owner.pw_uid, owner.pw_gid)
        _run(
            run_as,
            [
                str(bin_dir / "initdb"),
                "-D",
                str(cluster.data_dir),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        )
        server_options = " ".join(
            [
                f"-p {cluster.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={cluster.socket_dir}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=50",
            ]
        )
        _run(
            run_as,
            [
                str(bin_dir / "pg_ctl"),
                "start",
                "-D",
                str(cluster.data_dir),
                "-o",
                server_options,
                "-l",
                str(base_dir / "server.log"),
                "-w",
                "-t",
                "60",
            ],
        )
    except BaseException:
        cluster._stopped = True
        if (cluster.data_dir / "postmaster.pid").exists():
            subprocess.run(
                (["runuser", "-u", run_as, "--"] if run_as else [])
                + [str(bin_dir / "pg_ctl"), "stop", "-D", str(cluster.data_dir), "-m", "immediate"],
                capture_output=True,
                check=False,
            )
        shutil.rmtree(base_dir, ignore_errors=True)
        raise
    return cluster
