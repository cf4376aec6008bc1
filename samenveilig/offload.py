"""Work that holds a core for a tenth of a second (hashing a password) runs in a thread of its
own when the app server is gevent's: the event loop that carries every open meeting's live
screens keeps turning while one consultant logs in. Elsewhere it simply runs here."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def beside_the_loop(work: Callable[..., T], *args) -> T:
    """`work(*args)`, in gevent's thread pool when this process is gevent's (the work must
    release the GIL to gain anything: hashlib's scrypt does)."""
    try:
        from gevent import get_hub, monkey
    except ImportError:  # gevent is the app server's; scripts and tests may run without it
        return work(*args)
    if not monkey.is_module_patched("socket"):
        return work(*args)
    return get_hub().threadpool.apply(work, args)
