#!/usr/bin/env python3
"""A small Majordomo (MDP/0.1 and MDP/0.2) client and worker on libzmq (pyzmq), to check that
Yogurt's broker interoperates with another ZeroMQ implementation.

  mdp_peer.py client ENDPOINT VERSION SERVICE COUNT [SERVER_PUBLIC CLIENT_SECRET]
      sends COUNT requests "req-N", checks each echo, prints "ok COUNT"; exit 1 on a bad reply
  mdp_peer.py worker ENDPOINT VERSION SERVICE NAME [SERVER_PUBLIC CLIENT_SECRET]
      serves echo until the broker sends DISCONNECT (or SIGTERM); prints "ready" once connected

VERSION is 0.1 or 0.2. Written from RFC 7 and RFC 18, not from the Java code.
"""
import sys
import time
import zmq
import zmq.auth

HEARTBEAT_MS = 250


def curve(socket, args):
    if len(args) == 2:
        server_public, _ = zmq.auth.load_certificate(args[0])
        public, secret = zmq.auth.load_certificate(args[1])
        socket.curve_publickey = public
        socket.curve_secretkey = secret
        socket.curve_serverkey = server_public


def client(endpoint, version, service, count, extra):
    ctx = zmq.Context()
    if version == "0.1":
        sock = ctx.socket(zmq.REQ)  # REQ adds the empty delimiter itself, as RFC 7 expects
    else:
        sock = ctx.socket(zmq.DEALER)  # RFC 18: no delimiter
    sock.linger = 0
    curve(sock, extra)
    sock.connect(endpoint)
    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    for n in range(count):
        body = ("req-%d" % n).encode()
        if version == "0.1":
            sock.send_multipart([b"MDPC01", service.encode(), body])
        else:
            sock.send_multipart([b"MDPC02", b"\x01", service.encode(), body])
        if not poller.poll(10000):
            print("timeout on request %d" % n)
            return 1
        frames = sock.recv_multipart()
        if version == "0.1":
            expected = [b"MDPC01", service.encode(), body]
        else:
            expected = [b"MDPC02", b"\x03", service.encode(), body]
        if frames != expected:
            print("bad reply %r, expected %r" % (frames, expected))
            return 1
    print("ok %d" % count)
    return 0


def worker(endpoint, version, service, name, extra):
    ctx = zmq.Context()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 1000
    sock.identity = name.encode()
    curve(sock, extra)
    sock.connect(endpoint)
    if version == "0.1":
        header, pre = b"MDPW01", [b""]
        READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT = b"\x01", b"\x02", b"\x03", b"\x04", b"\x05"
    else:
        header, pre = b"MDPW02", []
        READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT = b"\x01", b"\x02", b"\x04", b"\x05", b"\x06"
    sock.send_multipart(pre + [header, READY, service.encode()])
    print("ready", flush=True)
    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    next_beat = time.monotonic() + HEARTBEAT_MS / 1000
    while True:
        if poller.poll(HEARTBEAT_MS):
            frames = sock.recv_multipart()
            if version == "0.1":
                assert frames[0] == b"", frames
                frames = frames[1:]
            assert frames[0] == header, frames
            command = frames[1]
            if command == REQUEST:
                client_address, empty, body = frames[2], frames[3], frames[4:]
                assert empty == b""
                sock.send_multipart(pre + [header, REPLY, client_address, b""] + body)
            elif command == DISCONNECT:
                print("disconnected", flush=True)
                return 0
        if time.monotonic() >= next_beat:
            sock.send_multipart(pre + [header, HEARTBEAT])
            next_beat = time.monotonic() + HEARTBEAT_MS / 1000


def main(argv):
    mode, endpoint, version, service = argv[1], argv[2], argv[3], argv[4]
    if mode == "client":
        return client(endpoint, version, service, int(argv[5]), argv[6:])
    return worker(endpoint, version, service, argv[5], argv[6:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
