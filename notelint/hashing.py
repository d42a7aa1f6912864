"""The one hash notelint uses (BLAKE2b, for cache keys and content digests), without
importing :mod:`hashlib`.

``hashlib`` loads OpenSSL to offer dozens of algorithms: ~3 ms of a ~100 ms warm run,
which hashes with none of them. CPython's BLAKE2 is its own module, ``_blake2``; on a
Python without it, hashlib's is used.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another implementation of Python
    from hashlib import blake2b

__all__ = ["blake2b"]
