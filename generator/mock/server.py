"""Running the mock hub under uvicorn, on a socket hubgen binds itself."""

from __future__ import annotations

import socket

import uvicorn
from starlette.applications import Starlette

from ..errors import UsageError


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket, or UsageError naming the address and the cause."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets it knows are TCP, and
    # without it every answer written in two parts waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def serve(app: Starlette, sock: socket.socket, *, access_log: bool = True) -> None:
    """Serve `app` on `sock` until interrupted (Ctrl-C or SIGTERM: a clean stop)."""
    config = uvicorn.Config(
        app, log_level="info" if access_log else "warning", access_log=access_log
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn shut down gracefully, then re-raised the signal it caught
    finally:
        sock.close()
