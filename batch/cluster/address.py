"""The ``--cluster`` value: ``local``, or a Dask scheduler's address.

Checked without Dask, so that a typing error is a usage error (exit 2)
even where Dask is not installed.
"""

from __future__ import annotations

import re

LOCAL = "local"
DEFAULT_PORT = 8786  # what ``dask scheduler`` listens on unless told otherwise

_ADDRESS = re.compile(
    r"(?:(?P<scheme>tcp|tls)://)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
    r"(?::(?P<port>\d{1,5}))?"
)


def cluster_address(text: str) -> str:
    """``local``, or ``scheme://host:port`` (``tcp`` and port 8786 when left
    out).  ValueError, with an example, for anything else."""
    text = text.strip()
    if text.lower() == LOCAL:
        return LOCAL
    m = _ADDRESS.fullmatch(text)
    port = int(m.group("port")) if m and m.group("port") else DEFAULT_PORT
    if not m or not 0 < port < 65536:
        raise ValueError(f"not a Dask scheduler address: {text!r} (e.g. tcp://10.0.0.5:8786, or local)")
    return f"{m.group('scheme') or 'tcp'}://{m.group('host')}:{port}"
