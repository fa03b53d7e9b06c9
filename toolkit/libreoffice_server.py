"""The warm LibreOffice's own process: unoserver's XML-RPC server, run by a Python that
has LibreOffice's UNO bindings (Debian's ``python3-uno`` pairs with the system ``python3``,
not with the project's virtual environment).

:class:`toolkit.libreoffice.WarmOffice` starts this file as a script, never imports it::

    [unshare --net --map-root-user --] python3 libreoffice_server.py SOCKET SEARCH_PATH NETNS -- SOFFICE ARGS…

- SOCKET: a Unix socket in the caller's private folder (mode 0700), where unoserver's
  XML-RPC server listens instead of a TCP port, so only the user who started it can reach
  it, and it can be reached from outside the network namespace LibreOffice runs in;
- SEARCH_PATH: where the ``unoserver`` package is installed (appended to ``sys.path``);
- NETNS: ``1`` when this process runs in a network namespace of its own, whose loopback
  it brings up (LibreOffice and unoserver talk over 127.0.0.1 inside it; nothing else is
  there); ``0`` otherwise;
- SOFFICE ARGS: LibreOffice's command (the fresh profile, headless), ``{port}`` standing
  for the UNO port this process picks on 127.0.0.1.

It prints ``READY <LibreOffice's pid>`` when conversions can be asked for, and ends (with
every process of its group) when LibreOffice ends or when its standard input closes: the
caller holds the other end of that pipe, so the server never outlives the process that
started it, however that process ends.

Only the standard library is imported at the top: this file runs outside the toolkit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.server

READY_SECONDS = 120
"""How long LibreOffice may take to accept the UNO connection before this process gives up."""


def _loopback_up() -> None:
    """Bring up ``lo`` in this process's own network namespace (it starts down)."""
    import fcntl
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(probe, siocgifflags, request))[1]
        fcntl.ioctl(probe, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _end_everything(*_ignored) -> None:
    """Kill this process's whole group (LibreOffice and its helpers, then this process)."""
    os.killpg(os.getpgrp(), signal.SIGKILL)


def _on_unix_socket(path: str):
    """unoserver's XML-RPC server class, listening on the Unix socket *path* instead of TCP."""

    class Handler(xmlrpc.server.SimpleXMLRPCRequestHandler):
        disable_nagle_algorithm = False  # a TCP option; this is a Unix socket

    class UnixXMLRPCServer(xmlrpc.server.SimpleXMLRPCServer):
        address_family = socket.AF_UNIX

        def __init__(self, _address, allow_none: bool = False) -> None:
            # logRequests off: the request handler's log line reads a TCP client address.
            super().__init__(path, requestHandler=Handler, allow_none=allow_none, logRequests=False)

    return UnixXMLRPCServer


def main(argv: list[str]) -> int:
    socket_path, search_path, netns, separator, *office = argv
    if separator != "--" or not office:
        print("usage: libreoffice_server.py SOCKET SEARCH_PATH NETNS -- SOFFICE ARGS…", file=sys.stderr)
        return 2
    if search_path:
        sys.path.append(search_path)
    if netns == "1":
        _loopback_up()
    from unoserver import server as unoserver_server

    unoserver_server.XMLRPCServer = _on_unix_socket(socket_path)
    port = str(_free_port())
    server = unoserver_server.UnoServer(interface="unix", port="0", uno_interface="127.0.0.1", uno_port=port)
    # LibreOffice is started here rather than by UnoServer.start, which waits a fixed seven
    # seconds and replaces the signal handlers; unoserver's serve() connects (retrying until
    # LibreOffice accepts) and then serves convert() over XML-RPC.
    command = [part.replace("{port}", port) for part in office]
    server.libreoffice_process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    threading.Thread(target=_watch_parent, name="parent", daemon=True).start()
    serving = threading.Thread(target=server.serve, name="xmlrpc", daemon=True)
    serving.start()
    deadline = time.monotonic() + READY_SECONDS
    while server.xmlrcp_server is None:
        if not serving.is_alive() or server.libreoffice_process.poll() is not None or time.monotonic() > deadline:
            print("FAILED", flush=True)
            _end_everything()
        time.sleep(0.05)
    print(f"READY {server.libreoffice_process.pid}", flush=True)
    server.libreoffice_process.wait()
    _end_everything()
    return 0


def _watch_parent() -> None:
    """End everything when standard input closes: the process that started this one is gone
    (or asked it to stop)."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        _end_everything()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
