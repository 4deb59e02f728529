#!/usr/bin/env python3
"""Opens N authenticated WebSocket connections to an OpenClaw-compatible gateway and holds
them: `ws_connections.py <ws-url> <token> <n> <hold-seconds>`. Prints one JSON line when all
are connected (or failed), then keeps them open so the caller can measure the gateway's RSS.
Needs the `websockets` package (pip) and `ulimit -n` above n."""

import asyncio
import json
import sys
import time

import websockets


CONNECT = {
    "minProtocol": 3,
    "maxProtocol": 4,
    "client": {"id": "cli", "version": "bench", "platform": "linux", "mode": "cli"},
    "role": "operator",
    "scopes": ["operator.read"],
}


async def open_one(url, token, sem, conns, errors):
    async with sem:
        try:
            ws = await websockets.connect(url, max_size=None, ping_interval=None, open_timeout=60)
            await ws.recv()  # connect.challenge
            params = dict(CONNECT, auth={"token": token})
            await ws.send(json.dumps({"type": "req", "id": "c", "method": "connect", "params": params}))
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("type") == "res" and frame.get("id") == "c":
                    break
            if not frame.get("ok"):
                errors.append(frame.get("error", {}).get("message", "refused"))
                await ws.close()
                return
            conns.append(ws)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            errors.append(type(exc).__name__ + ": " + str(exc)[:120])


async def drain(ws):
    try:
        async for _ in ws:
            pass
    except Exception:  # noqa: BLE001
        pass


async def main():
    url, token, n, hold = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    sem = asyncio.Semaphore(100)
    conns, errors = [], []
    started = time.monotonic()
    await asyncio.gather(*(open_one(url, token, sem, conns, errors) for _ in range(n)))
    elapsed = time.monotonic() - started
    readers = [asyncio.create_task(drain(ws)) for ws in conns]
    print(json.dumps({"connected": len(conns), "failed": len(errors), "seconds": round(elapsed, 2),
                      "firstError": errors[0] if errors else None}), flush=True)
    await asyncio.sleep(hold)
    for task in readers:
        task.cancel()


asyncio.run(main())
