"""The ceiling: the fastest answer this machine's Python HTTP stack can give.

A raw ASGI app on uvicorn (uvloop + httptools, access log off) that answers the benchmarked
requests (Describe, List and Create of instances, and of queues) with fixed bodies the size of
connect-emulator's: no authentication, no routing table, no validation, no storage.
connect-emulator's req/s divided by this app's is the share of the stack's capacity it keeps
while doing its real work.

    python -m bench.ceiling --port 0 --ready-file /tmp/ceiling.url

Two options serve experiments by hand (docs/performance.md, "event loop"): ``--loop asyncio``
runs it on the stdlib loop, and ``--work-us N`` spins N microseconds of CPU per request, to
see how a loop shares its time between connections when handlers cost what the emulator's do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import uvicorn
import uvloop

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

ACCOUNT = "111122223333"
INSTANCE_ID = "6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"
PAGE_SIZE = 10


def _summary(number: int) -> dict[str, Any]:
    """An InstanceSummary as connect-emulator writes it, field for field."""
    instance_id = f"{INSTANCE_ID[:-4]}{number:04d}"
    alias = f"bench-seed-{number:06d}"
    return {
        "Id": instance_id,
        "Arn": f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{instance_id}",
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": alias,
        "CreatedTime": 1795239558.123,
        "ServiceRole": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/connect.amazonaws.com/"
        "AWSServiceRoleForAmazonConnect_AbCdEfGhIjKlMnOpQrSt",
        "InstanceStatus": "ACTIVE",
        "InboundCallsEnabled": True,
        "OutboundCallsEnabled": True,
        "InstanceAccessUrl": f"https://{alias}.my.connect.aws/",
    }


def _dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


DESCRIBE_BODY = _dumps({"Instance": {**_summary(0), "Tags": {}}})
CREATE_BODY = _dumps(
    {"Id": INSTANCE_ID, "Arn": f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{INSTANCE_ID}"}
)
LIST_BODY = _dumps(
    {
        "InstanceSummaryList": [_summary(n) for n in range(PAGE_SIZE)],
        "NextToken": "MTA.bZ2uJ0mYx9kq3Wc8d1fTgA",
    }
)
NOT_FOUND_BODY = b'{"Message":"No such route"}'

# Queues (bench/queues.py): one instance holding BasicQueue and the 49 queues the benchmark
# creates on its Basic Hours, all alike; ListQueues asks for 100, so one page holds all 50.
# Members in the order connect-emulator writes them; each run records both servers' body
# sizes (bench/queues.py) to show they still match (within a few bytes: a LastModifiedTime
# such as 1796443488.57 drops its last zero).
QUEUE_ID = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d0000"
HOURS_ID = "9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b"
QUEUE_DESCRIPTION = "A queue made by the benchmark."
QUEUE_MAX_CONTACTS = 10
QUEUES_PRESENT = 50
QUEUE_PAGE_SIZE = 100


def queue_name(number: int) -> str:
    """The name of the benchmark's seeded queue ``number`` (1..49); 0 is BasicQueue."""
    return "BasicQueue" if number == 0 else f"bench-queue-{number:04d}"


def _queue_ids(number: int) -> tuple[str, str]:
    queue_id = f"{QUEUE_ID[:-4]}{number:04d}"
    arn = f"arn:aws:connect:us-east-1:{ACCOUNT}:instance/{INSTANCE_ID}/queue/{queue_id}"
    return queue_id, arn


def _queue_summary(number: int) -> dict[str, Any]:
    queue_id, arn = _queue_ids(number)
    return {
        "Name": queue_name(number),
        "QueueType": "STANDARD",
        "Id": queue_id,
        "Arn": arn,
        "LastModifiedRegion": "us-east-1",
        "LastModifiedTime": 1795239558.123,
    }


def _queue(number: int) -> dict[str, Any]:
    queue_id, arn = _queue_ids(number)
    return {
        "Name": queue_name(number),
        "Description": QUEUE_DESCRIPTION,
        "HoursOfOperationId": HOURS_ID,
        "MaxContacts": QUEUE_MAX_CONTACTS,
        "Status": "ENABLED",
        "QueueId": queue_id,
        "QueueArn": arn,
        "LastModifiedRegion": "us-east-1",
        "Tags": {},
        "LastModifiedTime": 1795239558.123,
    }


DESCRIBE_QUEUE_BODY = _dumps({"Queue": _queue(1)})
LIST_QUEUES_BODY = _dumps({"QueueSummaryList": [_queue_summary(n) for n in range(QUEUES_PRESENT)]})
CREATE_QUEUE_BODY = _dumps(dict(zip(("QueueId", "QueueArn"), _queue_ids(1), strict=True)))


def _start(status: int, body: bytes) -> Message:
    return {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"x-amzn-requestid", b"00000000-0000-4000-8000-000000000000"),
        ],
    }


async def app(scope: Message, receive: Receive, send: Send) -> None:
    """GET /instance/{id}, GET /instance, PUT /instance, GET /queues/{iid}/{qid},
    GET /queues-summary/{iid} and PUT /queues/{iid}, each with its fixed answer."""
    if scope["type"] != "http":
        return
    more = True
    while more:  # the body is read, as any real server must, then ignored
        message = await receive()
        more = message.get("more_body", False) and message["type"] == "http.request"
    method, path = scope["method"], scope["path"]
    if method == "GET" and path.startswith("/instance/"):
        status, body = 200, DESCRIBE_BODY
    elif method == "GET" and path == "/instance":
        status, body = 200, LIST_BODY
    elif method == "PUT" and path == "/instance":
        status, body = 200, CREATE_BODY
    # Queues after instances: the instance answers take the same branches as before.
    elif method == "GET" and path.startswith("/queues/"):
        status, body = 200, DESCRIBE_QUEUE_BODY
    elif method == "GET" and path.startswith("/queues-summary/"):
        status, body = 200, LIST_QUEUES_BODY
    elif method == "PUT" and path.startswith("/queues/"):
        status, body = 200, CREATE_QUEUE_BODY
    else:
        status, body = 404, NOT_FOUND_BODY
    await send(_start(status, body))
    await send({"type": "http.response.body", "body": body})


def busy(microseconds: float) -> Callable[[Message, Receive, Send], Awaitable[None]]:
    """``app`` after ``microseconds`` of CPU spent in the handler, as a real one would."""
    seconds = microseconds / 1e6

    async def working(scope: Message, receive: Receive, send: Send) -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            pass
        await app(scope, receive, send)

    return working


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket, as uvicorn's own ``bind_socket`` makes one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


async def serve(server: uvicorn.Server, sock: socket.socket, ready_file: Path) -> None:
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.005)
    host, port = sock.getsockname()[:2]
    ready_file.write_text(f"http://{host}:{port}\n", encoding="utf-8")
    await task


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop")
    parser.add_argument("--work-us", type=float, default=0.0, help="CPU spent per request")
    args = parser.parse_args()
    config = uvicorn.Config(
        busy(args.work_us) if args.work_us > 0 else app,
        loop=args.loop,
        http="httptools",
        lifespan="off",
        access_log=False,
        log_level="warning",
        server_header=False,
    )
    # The event loop uvicorn.run() would pick for loop="uvloop" (it sets TCP_NODELAY on every
    # accepted connection; the stdlib loop does too, for a socket made with IPPROTO_TCP).
    main_task = serve(uvicorn.Server(config), listen(args.host, args.port), args.ready_file)
    if args.loop == "uvloop":
        uvloop.run(main_task)
    else:
        asyncio.run(main_task)


if __name__ == "__main__":
    main()
