"""Serve the bundled replica site (``sample_site/``) on loopback, for the offline demo and benchmarks."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from linfen_etl.prefect_server import PROJECT_ROOT

SAMPLE_SITE = PROJECT_ROOT / "sample_site"
# A fixed port keeps the replica's URLs (and so the archive and warehouse keys) the same across demo
# runs; a free port is used only when it is taken.
DEMO_PORT = 8618


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def serve_directory(root: Path, *, port: int = DEMO_PORT) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yields the base URL (ending in "/")."""
    if not (root / "index.html").exists() and not any(root.iterdir()):
        raise FileNotFoundError(f"replica site directory is empty: {root}")
    handler = functools.partial(_QuietHandler, directory=str(root))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="replica-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
