"""Running the app under uvicorn, for ``salat serve``: one process, or a supervisor
and ``workers`` processes sharing one listening socket; on SIGTERM each drains
its connections (:class:`DrainingServer`) before it stops.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn import Config, Server
from uvicorn.supervisors import Multiprocess, multiprocess

__all__ = ["run", "DrainingServer", "DRAIN_SECONDS"]

#: How long a stopping worker keeps its open connections to answer what they send
#: (each answer with ``Connection: close``) before it closes the idle ones.
DRAIN_SECONDS = 2.0
_CLOSE = (b"connection", b"close")


class DrainingServer(Server):
    """uvicorn's server, with a shutdown that loses no request sent to it.

    uvicorn's own shutdown closes every idle keep-alive connection at once, and
    lets a busy one finish its response without saying that the connection
    closes: a request the client sends next on either (or that is already in
    the socket's buffer) is reset. Here, on SIGTERM: stop accepting; answer
    every request still arriving on an open connection with ``Connection:
    close`` (the client then opens a new connection, which the load balancer
    sends to another replica); after :data:`DRAIN_SECONDS`, or once every
    client has gone, shut down as uvicorn does (idle connections closed,
    requests in flight finished, up to ``timeout_graceful_shutdown``).
    """

    drain_seconds = DRAIN_SECONDS

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop accepting, drain the open connections, then shut down."""
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        state = self.server_state
        # Every response from now on closes its connection: the requests that start
        # from here read this list, and the ones in flight get it too.
        state.default_headers = [*state.default_headers, _CLOSE]
        for connection in list(state.connections):
            cycle = getattr(connection, "cycle", None)
            if cycle is not None and not cycle.response_started:
                cycle.default_headers = [*cycle.default_headers, _CLOSE]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.drain_seconds
        while state.connections and loop.time() < deadline and not self.force_exit:
            await asyncio.sleep(0.05)
        await super().shutdown()


class _DrainingProcess(multiprocess.Process):
    """A worker of the supervisor that runs a :class:`DrainingServer`."""

    @property
    def server(self) -> Server:
        if self._server is None:
            self._server = DrainingServer(config=self.config)
        return self._server


class _DrainingSupervisor(Multiprocess):
    """The supervisor of the workers: on SIGTERM it lets go of the listening socket
    before it signals them, so that once they stop accepting, the port refuses new
    connections instead of queueing them where no worker will accept them.
    """

    def terminate_all(self) -> None:
        for sock in self.sockets:
            sock.close()
        super().terminate_all()


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
    SIGINT; open connections are drained and in-flight requests finished first
    (up to 30 s).
    """
    config = Config("salat.web:app", host=host, port=port, workers=workers,
                    server_header=False, timeout_graceful_shutdown=30, log_level="info")
    if workers > 1:
        # The supervisor builds its workers from this module-level name: ours drain.
        multiprocess.Process = _DrainingProcess
        _DrainingSupervisor(config, sockets=[_tcp(config.bind_socket())]).run()
    else:
        DrainingServer(config).run()
