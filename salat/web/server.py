"""Running the app under uvicorn, for ``salat serve``: one process, or a supervisor
and ``workers`` processes sharing one listening socket.
"""

from __future__ import annotations

import socket

__all__ = ["run"]


def _tcp(sock: socket.socket) -> socket.socket:
    """The same listening socket, labelled IPPROTO_TCP. uvicorn binds it with
    ``proto`` 0, and asyncio then leaves Nagle's algorithm on for the accepted
    connections: with ``--workers 2`` every keep-alive response waited ~40 ms for
    the client's delayed ACK (uvicorn issue 3149).
    """
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto:
        return sock
    tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    tcp.set_inheritable(True)
    return tcp


def run(host: str, port: int, workers: int = 1) -> None:
    """Serve ``salat.web:app`` (configured from the environment) until SIGTERM or
    SIGINT; in-flight requests are finished first (up to 30 s).
    """
    from uvicorn import Config, Server
    from uvicorn.supervisors import Multiprocess

    config = Config("salat.web:app", host=host, port=port, workers=workers,
                    server_header=False, timeout_graceful_shutdown=30, log_level="info")
    if workers > 1:
        Multiprocess(config, sockets=[_tcp(config.bind_socket())]).run()
    else:
        Server(config).run()
