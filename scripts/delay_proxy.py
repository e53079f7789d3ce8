#!/usr/bin/env python3
"""A TCP proxy on loopback that adds latency, for scripts/bench.sh's "staging server in another
region" measurements: every byte waits DELAY/2 milliseconds on the way in and again on the way
out, so a request-response costs one extra round trip of DELAY ms, and a new connection one
more (its handshake). Chunks are pipelined (each
waits its own delay; the delays do not add up along a connection), so the proxy adds latency,
not a bandwidth limit.

Bounded so it can never outlive or outgrow a benchmark: it listens on 127.0.0.1 only, forwards
only to 127.0.0.1, accepts at most --max-connections at a time (more are closed at once), closes
a connection idle for --idle seconds, and exits after --lifetime seconds.

    delay_proxy.py --listen PORT --upstream PORT [--rtt-ms 50] [--port-file FILE]

--listen 0 picks a free port; the port is printed on stdout (and written to --port-file).
"""
import argparse
import asyncio
import sys
import time

LOOPBACK = "127.0.0.1"


async def pump(reader, writer, delay, idle):
    """Copies reader to writer, each chunk written `delay` seconds after it was read."""
    queue = asyncio.Queue(maxsize=256)  # bounded: a stalled writer holds back the reader

    async def read_side():
        try:
            while True:
                chunk = await asyncio.wait_for(reader.read(65536), timeout=idle)
                await queue.put((time.monotonic() + delay, chunk))
                if not chunk:
                    return
        except (asyncio.TimeoutError, ConnectionError, OSError):
            await queue.put((time.monotonic(), b""))

    async def write_side():
        try:
            while True:
                due, chunk = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass

    await asyncio.gather(read_side(), write_side())


async def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--listen", type=int, default=0)
    ap.add_argument("--upstream", type=int, required=True)
    ap.add_argument("--rtt-ms", type=float, default=50.0)
    ap.add_argument("--max-connections", type=int, default=256)
    ap.add_argument("--idle", type=float, default=30.0)
    ap.add_argument("--lifetime", type=float, default=900.0)
    ap.add_argument("--port-file", default="")
    args = ap.parse_args()
    if not (0 <= args.rtt_ms <= 2000):
        sys.exit("delay_proxy: --rtt-ms must be 0 to 2000")
    half = args.rtt_ms / 2000.0
    open_connections = 0

    async def handle(client_reader, client_writer):
        nonlocal open_connections
        if open_connections >= args.max_connections:
            client_writer.close()
            return
        open_connections += 1
        # A new connection costs a round trip before its first byte (the TCP handshake a real
        # distant server costs), so reusing connections pays off here as it does there.
        await asyncio.sleep(2 * half)
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(LOOPBACK, args.upstream), timeout=5)
        except (OSError, asyncio.TimeoutError):
            open_connections -= 1
            client_writer.close()
            return
        try:
            await asyncio.gather(pump(client_reader, up_writer, half, args.idle),
                                 pump(up_reader, client_writer, half, args.idle))
        finally:
            open_connections -= 1
            for w in (client_writer, up_writer):
                w.close()

    server = await asyncio.start_server(handle, LOOPBACK, args.listen, backlog=512)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    if args.port_file:
        with open(args.port_file, "w") as f:
            f.write(f"{port}\n")
    async with server:
        try:
            await asyncio.wait_for(server.serve_forever(), timeout=args.lifetime)
        except asyncio.TimeoutError:
            pass


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
