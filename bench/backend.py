#!/usr/bin/env python3
"""A small backend written from SPEC.md Appendix A (the backend-under-test profile).

    python3 bench/backend.py SOCKET_PATH

Listens on SOCKET_PATH (PROFILE-1); per handoff connection, on its own thread: one message of
16 sideband bytes with exactly one SCM_RIGHTS descriptor (PROFILE-2), whose bytes are the expected
token unless seen before (PROFILE-3); one offer frame (FRAMES-1, OFFER-1); an ACK for every
decodable offer (OFFER-6); adoption and echo until end of stream after an accepted one only
(OFFER-7, PROFILE-4). Descriptors it does not adopt are closed, never shut down. Standard library
only (Python 3.9+), so it decodes the few protobuf fields it needs by hand.
"""
import os
import signal
import socket
import struct
import sys
import threading
import time

TOKEN_LENGTH = 16
FRAME_CAP = 16 * 1024 * 1024      # FRAME-3
HANDOFF_PROTOCOL = 0xD0FF         # ENV-3
KIND_REQUEST, KIND_RESPONSE = 0, 1
BOUND_S = 5.0                     # PROFILE-6: sideband and offer within the broker's ACK deadline
TTL_S = 30.0                      # TOKEN-7

seen = set()                      # every sideband token ever registered (PROFILE-3: never again)
pending = {}                      # token -> expiry (monotonic seconds)
lock = threading.Lock()


class Dropped(Exception):
    """The handoff gets no ACK (OFFER-3, PROFILE-2)."""


def read_exactly(conn, n, deadline):
    data = b""
    while len(data) < n:
        conn.settimeout(max(deadline - time.monotonic(), 0.001))  # one bound however the bytes trickle
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise Dropped("stream ended")
        data += chunk
    return data


def receive_sideband(conn, deadline):
    """16 bytes and exactly one descriptor; every descriptor that arrives is returned for closing."""
    fds = []
    data = b""
    space = socket.CMSG_SPACE(8 * struct.calcsize("i"))  # room for more than one, to see extras
    while len(data) < TOKEN_LENGTH:
        conn.settimeout(max(deadline - time.monotonic(), 0.001))
        chunk, ancillary, flags, _ = conn.recvmsg(TOKEN_LENGTH - len(data), space)
        for level, kind, cdata in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.extend(struct.unpack("%di" % (len(cdata) // 4), cdata[: len(cdata) - len(cdata) % 4]))
        if flags & socket.MSG_CTRUNC or not chunk:
            return data, fds, False
        data += chunk
    return data, fds, len(fds) == 1


def varint(buf, i):
    value, shift = 0, 0
    while True:
        if i >= len(buf) or shift > 63:
            raise Dropped("bad varint")
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


# the fields this backend reads, by number: how each is typed (prost rejects a known field with another wire type, DEC-6)
FRAME = {1: "u32", 2: "u32", 3: "u32", 4: "bytes", 5: "u64", 6: "u32", 7: "u64", 8: "str", 9: "str"}
OFFER = {1: "u64", 2: "bytes", 3: "str", 4: "u64"}


def skip(buf, i, wire, number, depth=0):
    """Skip one unknown field's value (DEC-3), groups included; return the index after it."""
    if wire == 0:
        return varint(buf, i)[1]
    if wire == 1 or wire == 5:
        i += 8 if wire == 1 else 4
    elif wire == 2:
        n, i = varint(buf, i)
        i += n
    elif wire == 3 and depth < 100:
        while True:
            key, i = varint(buf, i)
            if key >> 3 == 0:
                raise Dropped("field 0")
            if key & 7 == 4:
                if key >> 3 != number:
                    raise Dropped("mismatched end group")
                return i
            i = skip(buf, i, key & 7, key >> 3, depth + 1)
    else:
        raise Dropped("wire type %d" % wire)
    if i > len(buf):
        raise Dropped("truncated field")
    return i


def fields(buf, schema):
    """DEC-1..DEC-7: field number -> last value; unknown fields skipped; 32-bit varints keep their low bits."""
    out, i = {}, 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if number == 0 or key > 0xFFFFFFFF:
            raise Dropped("invalid key")
        kind = schema.get(number)
        if kind is None:
            i = skip(buf, i, wire, number)
        elif wire != (2 if kind in ("bytes", "str") else 0):
            raise Dropped("wrong wire type")
        elif wire == 0:
            value, i = varint(buf, i)
            out[number] = value & 0xFFFFFFFF if kind == "u32" else value & 0xFFFFFFFFFFFFFFFF
        else:
            n, i = varint(buf, i)
            if i + n > len(buf):
                raise Dropped("truncated field")
            out[number], i = buf[i : i + n], i + n
            if kind == "str":
                try:
                    out[number].decode("utf-8")
                except UnicodeDecodeError:
                    raise Dropped("invalid UTF-8")
    return out


def read_offer(conn, deadline):
    """OFFER-1: frame, Frame, envelope (REQUEST), HandoffOffer, correlation (OFFER-2)."""
    header = read_exactly(conn, 5, deadline)
    length = struct.unpack("<I", header[1:])[0]
    if header[0] != 1 or length > FRAME_CAP:
        raise Dropped("framing")
    frame = fields(read_exactly(conn, length, deadline), FRAME)
    if (frame.get(1, 0), frame.get(2, 0), frame.get(3, 0), frame.get(6, 0)) != (1, KIND_REQUEST, HANDOFF_PROTOCOL, 0):
        raise Dropped("envelope")
    offer = fields(frame.get(4, b""), OFFER)
    token, correlation = offer.get(2, b""), offer.get(4, 0)
    if frame.get(5, 0) != correlation:
        raise Dropped("offer")
    return token, correlation


def judge(expected, presented):
    """OFFER-4, OFFER-5, then TOKEN-2..5: None when accepted, else the detail."""
    if not presented:
        return "handoff token is missing"
    if len(presented) != TOKEN_LENGTH:
        return "handoff token length was %d bytes; expected 16" % len(presented)
    with lock:
        expiry = pending.get(expected)
        if expiry is None:
            return "handoff token is not pending"
        if time.monotonic() >= expiry:
            del pending[expected]
            return "handoff token expired"
        if presented != expected:
            return "handoff token mismatch"
        del pending[expected]
        return None


def key(number, wire):
    return encode_varint(number << 3 | wire)


def encode_varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append(v & 0x7F | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def ack_frame(token, correlation, detail):
    """FRAMES-2 with the common values of FRAMES-4 (proto3: zero values are not written)."""
    ack = key(1, 2) + encode_varint(len(token)) + token
    if detail is None:
        ack += key(2, 0) + b"\x01"
    else:
        d = detail.encode()
        ack += key(3, 2) + encode_varint(len(d)) + d
    if correlation:
        ack += key(4, 0) + encode_varint(correlation)
    body = key(1, 0) + b"\x01" + key(2, 0) + bytes([KIND_RESPONSE]) + key(3, 0) + encode_varint(HANDOFF_PROTOCOL)
    body += key(4, 2) + encode_varint(len(ack)) + ack
    if correlation:
        body += key(5, 0) + encode_varint(correlation)
    return b"\x01" + struct.pack("<I", len(body)) + body


def echo(fd):
    """PROFILE-4: the adopted connection echoes until end of stream."""
    with socket.socket(fileno=fd) as adopted:
        adopted.settimeout(None)
        while True:
            data = adopted.recv(65536)
            if not data:
                return
            adopted.sendall(data)


def serve(conn):
    deadline = time.monotonic() + BOUND_S
    fds, adopt, expected = [], None, None
    try:
        with conn:
            sideband, fds, ok = receive_sideband(conn, deadline)
            if not ok:
                return
            expected = sideband
            with lock:
                if expected not in seen:
                    seen.add(expected)
                    pending[expected] = time.monotonic() + TTL_S
            presented, correlation = read_offer(conn, deadline)
            detail = judge(expected, presented)
            conn.settimeout(BOUND_S)
            conn.sendall(ack_frame(presented, correlation, detail))
            if detail is None:
                adopt = fds.pop()
    except (Dropped, OSError):
        pass
    finally:
        if expected is not None:
            with lock:
                pending.pop(expected, None)  # PROFILE-7: the token guarded this descriptor only
        for fd in fds:
            os.close(fd)  # close, never shutdown: the broker may still own the connection
    if adopt is not None:
        try:
            echo(adopt)
        except OSError:
            pass


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: backend.py SOCKET_PATH")
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(256)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("listening on", path, file=sys.stderr, flush=True)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    finally:
        server.close()
        os.unlink(path)


if __name__ == "__main__":
    main()
