#!/usr/bin/env python3
"""Resident memory of an idle server and per idle TLS connection (a benchmark, not a test).

usage: idle_memory.py SERVER_BINARY CONFIG PUBLIC_PORT [CONNECTIONS]

Starts the server, reads VmRSS after start-up, opens CONNECTIONS TLS connections that complete the
handshake and then sit idle, reads VmRSS again, and prints both figures and the difference per
connection. The server's idle timeout must be longer than the measurement (set it in CONFIG).
"""
import os
import socket
import ssl
import subprocess
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main():
    server, config, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    proc = subprocess.Popen([server, "--config", config], stderr=subprocess.DEVNULL)
    try:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        deadline = time.time() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    with ctx.wrap_socket(s) as t:
                        t.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        t.recv(100)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        time.sleep(0.5)
        idle = rss_kib(proc.pid)
        conns = []
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            conns.append(ctx.wrap_socket(s))
        time.sleep(1.0)
        loaded = rss_kib(proc.pid)
        print(f"idle server RSS: {idle} KiB")
        print(f"with {count} idle TLS connections: {loaded} KiB")
        print(f"per idle TLS connection: {(loaded - idle) / count:.1f} KiB")
        for c in conns:
            c.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


if __name__ == "__main__":
    main()
