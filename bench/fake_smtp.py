"""A minimal SMTP server on loopback for the benchmark: accepts every message and counts Message-IDs.

    with FakeSMTP() as smtp:          # a thread per connection, on 127.0.0.1:<free port>
        ... MAIL_SERVER=127.0.0.1, MAIL_PORT=smtp.port, MAIL_USE_TLS=0 ...
        smtp.received, smtp.duplicates()

It speaks just enough of RFC 5321 for smtplib: the greeting, HELO/EHLO, MAIL FROM, RCPT TO, DATA
(with dot-unstuffing), RSET, NOOP and QUIT; no TLS, no AUTH. It records each message's Message-ID
header, so the benchmark can show that no message arrived twice.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections import Counter


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reply("220 bench.invalid ESMTP fake")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-bench.invalid\r\n250 8BITMIME")  # one write: Nagle would hold a second one
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.record(self.read_data())
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> list[bytes]:
        lines = []
        while True:
            line = self.rfile.readline()
            if not line or line in (b".\r\n", b".\n"):
                return lines
            lines.append(line[1:] if line.startswith(b"..") else line)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.message_ids: Counter[str] = Counter()
        self.received = 0
        self.first_at: float | None = None
        self.last_at: float | None = None

    def record(self, lines: list[bytes]) -> None:
        message_id = ""
        for line in lines:
            if line in (b"\r\n", b"\n"):  # end of the headers
                break
            name, _, value = line.decode("utf-8", "replace").partition(":")
            if name.strip().lower() == "message-id":
                message_id = value.strip()
        now = time.time()
        with self.lock:
            self.received += 1
            self.message_ids[message_id] += 1
            self.first_at = self.first_at or now
            self.last_at = now


class FakeSMTP:
    """The server in a background thread; port, received, message_ids, duplicates()."""

    def __init__(self) -> None:
        self.server = _Server()
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-smtp", daemon=True)

    def __enter__(self) -> FakeSMTP:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def received(self) -> int:
        return self.server.received

    @property
    def message_ids(self) -> Counter[str]:
        return self.server.message_ids

    def duplicates(self) -> dict[str, int]:
        """Message-IDs seen more than once (a message without one counts under "")."""
        with self.server.lock:
            return {mid: n for mid, n in self.server.message_ids.items() if n > 1 or not mid}
