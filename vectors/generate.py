#!/usr/bin/env python3
"""Generate the handoff-kit golden vectors (Wycheproof style).

    python3 vectors/generate.py            # (re)write vectors/*.json
    python3 vectors/generate.py --check    # exit 1 when the committed files differ

Writes backend_offer.json, broker_ack.json and client_relay.json next to this
script. Python 3 standard library only.

Ground rules (see vectors/README.md):

* The bytes are produced by the minimal protobuf wire encoder below, written
  by hand (varint, length-delimited, fixed32/fixed64, groups). It shares no
  code with protobuf-java or protoc: the conformance tests cross-check it
  against both.
* Every expected verdict comes from SPEC.md: each case is written as "a valid
  frame plus one named defect" and its result, reason code and requirement are
  what the spec says about that defect. Nothing here runs the reference.
* tcIds are STABLE. They are assigned in the order the cases are listed below,
  per role. New cases MUST ONLY BE APPENDED at the end of a role's list (a new
  group at the end is fine); never insert, reorder or delete a case. When the
  files already exist, writing them refuses to change the bytes, inputs or
  verdict of an existing tcId (override with --force only to fix a wrong
  vector, and say so in the change).
* Output is deterministic: same script, same bytes.
"""

import argparse
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = "handoff_vectors.schema.json"
GENERATOR = "vectors/generate.py (independent protobuf wire encoder, v1)"

# ---------------------------------------------------------------------------
# Protocol constants (SPEC.md / protocol brief section 4)
# ---------------------------------------------------------------------------

FRAMING_BYTE = 1
CAP = 16 * 1024 * 1024          # FRAME-3: every frame
HANDOFF = 0xD0FF                # ENV-3
PROBE = 0xB232
ADMIN = 0xAD01
SESSION = 0x5350
U32 = 2 ** 32 - 1
U64 = 2 ** 64 - 1

REQUEST, RESPONSE, EVENT, CANCEL = 0, 1, 2, 3
NONE, ZSTD, SNAPPY, LZ4 = 0, 1, 2, 3
KIND_NAMES = {0: "FRAME_KIND_REQUEST", 1: "FRAME_KIND_RESPONSE", 2: "FRAME_KIND_EVENT", 3: "FRAME_KIND_CANCEL"}
ENCODING_NAMES = {0: "PAYLOAD_ENCODING_NONE", 1: "PAYLOAD_ENCODING_ZSTD", 2: "PAYLOAD_ENCODING_SNAPPY",
                  3: "PAYLOAD_ENCODING_LZ4"}

# Test data: fixed tokens (never secrets).
T0 = bytes(range(16))                      # 000102..0f: offered / negotiated / expected
T1 = bytes(range(0x10, 0x20))              # 101112..1f: somebody else's token
TFF = b"\xff" * 16
TZERO = b"\x00" * 16
T0_LAST = T0[:15] + b"\xf0"                # differs from T0 in the last byte only
T0_FIRST = b"\x80" + T0[1:]                # differs from T0 in the first byte only

CORR = 300                                 # two-byte varint (ac 02)
SERVICE = "echo"

# ---------------------------------------------------------------------------
# The independent protobuf wire encoder
# ---------------------------------------------------------------------------

VARINT, I64, LEN, SGROUP, EGROUP, I32 = 0, 1, 2, 3, 4, 5


def varint(n, width=None):
    """Base-128 varint of a non-negative integer; width pads with 0x80 groups."""
    if n < 0:
        raise ValueError("varint of a negative number; pass n & U64 for a sign-extended enum")
    groups = []
    while True:
        groups.append(n & 0x7F)
        n >>= 7
        if n == 0:
            break
    if width is not None:
        if width < len(groups):
            raise ValueError("varint does not fit the requested width")
        groups += [0] * (width - len(groups))
    return bytes([g | 0x80 for g in groups[:-1]] + [groups[-1]])


def overflowing(n):
    """n as a 10-byte varint whose last byte also sets bit 65: prost rejects it, protobuf-java keeps n."""
    if n >= 2 ** 63:
        raise ValueError("bit 63 lives in the last byte; keep n below 2^63")
    padded = varint(n, width=10)
    return padded[:-1] + bytes([padded[-1] | 0x02])


def continued(n, high=0):
    """n (bit 63 set) as a 10-byte varint whose last byte also has the continuation bit (and the even bits `high`
    above 64): prost rejects it, protobuf-java's 64-bit reader ends it at that byte and keeps n (DEC-10)."""
    if not 2 ** 63 <= n <= U64 or high & 0x81:
        raise ValueError("bit 63 is the last byte's bit 0: keep n in [2^63, 2^64); high holds bits 1..6 only")
    return varint(n, width=10)[:-1] + bytes([0x81 | high])


def overlong_len(data, above=1):
    """The length of `data` plus above * 2^32, then the bytes: prost finds it past the end, protobuf-java reads the
    low 32 bits (DEC-11)."""
    return varint(len(data) + above * 2 ** 32) + data


def nested(depth, inner, field=16):
    """`depth` unknown groups (field `field`) nested around `inner` (DEC-12 at depth 100)."""
    return key(field, SGROUP) * depth + inner + key(field, EGROUP) * depth


def key(field, wire_type, width=None):
    return varint(field << 3 | wire_type, width)


def f_varint(field, value, width=None, key_width=None):
    return key(field, VARINT, key_width) + varint(value if value >= 0 else value & U64, width)


def f_len(field, data, len_width=None, key_width=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return key(field, LEN, key_width) + varint(len(data), len_width) + data


def f_fixed64(field, value):
    return key(field, I64) + struct.pack("<Q", value)


def f_fixed32(field, value):
    return key(field, I32) + struct.pack("<I", value)


def f_group(field, inner=b""):
    return key(field, SGROUP) + inner + key(field, EGROUP)


def framed(body, trailing=b""):
    """[u8 framing byte][u32 LE length][body] (FRAME-4), then any trailing bytes."""
    return bytes([FRAMING_BYTE]) + struct.pack("<I", len(body)) + body + trailing


# Message schemas: (number, name, type). Types: u32, u64, enum, bytes, string, bool.
FRAME = [(1, "envelope_version", "u32"), (2, "kind", "enum"), (3, "payload_protocol", "u32"),
         (4, "payload", "bytes"), (5, "request_id", "u64"), (6, "payload_encoding", "enum"),
         (7, "deadline_unix_ms", "u64"), (8, "traceparent", "string"), (9, "tracestate", "string")]
OFFER = [(1, "handle_value", "u64"), (2, "token", "bytes"), (3, "service_name", "string"),
         (4, "correlation_id", "u64")]
ACK = [(1, "token", "bytes"), (2, "accepted", "bool"), (3, "error_detail", "string"),
       (4, "correlation_id", "u64")]
DEFAULTS = {"u32": 0, "u64": 0, "enum": 0, "bytes": b"", "string": "", "bool": False}


def message(schema, **values):
    names = [name for _, name, _ in schema]
    unknown = set(values) - set(names)
    if unknown:
        raise KeyError("unknown fields %s" % sorted(unknown))
    return {name: values.get(name, DEFAULTS[typ]) for _, name, typ in schema}


def encode(schema, msg):
    """Canonical proto3 encoding: ascending field numbers, default values omitted."""
    out = b""
    for number, name, typ in schema:
        value = msg[name]
        if value == DEFAULTS[typ]:
            continue
        if typ in ("u32", "u64", "enum"):
            out += f_varint(number, value)
        elif typ == "bool":
            out += f_varint(number, 1)
        else:
            out += f_len(number, value)
    return out


def frame(**values):
    """A handoff Frame (FRAMES-4 defaults: v1, 0xD0FF, NONE, no deadline, no trace)."""
    values.setdefault("envelope_version", 1)
    values.setdefault("payload_protocol", HANDOFF)
    return message(FRAME, **values)


def offer(**values):
    values.setdefault("token", T0)
    values.setdefault("service_name", SERVICE)
    values.setdefault("correlation_id", CORR)
    return message(OFFER, **values)


def ack(**values):
    values.setdefault("token", T0)
    values.setdefault("accepted", True)
    values.setdefault("correlation_id", CORR)
    return message(ACK, **values)


# ---------------------------------------------------------------------------
# Protobuf text format (for the protoc cross-check of valid vectors)
# ---------------------------------------------------------------------------

def tp_escape(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = []
    for b in data:
        if b == 0x22:
            out.append('\\"')
        elif b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b <= 0x7E:
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def textproto(schema, msg):
    lines = []
    for _, name, typ in schema:
        value = msg[name]
        if value == DEFAULTS[typ]:
            continue
        if typ == "enum":
            names = KIND_NAMES if name == "kind" else ENCODING_NAMES
            lines.append("%s: %s" % (name, names.get(value, str(value))))
        elif typ in ("u32", "u64"):
            lines.append("%s: %d" % (name, value))
        elif typ == "bool":
            lines.append("%s: true" % name)
        else:
            lines.append("%s: %s" % (name, tp_escape(value)))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The spec's frame layer, to derive `consumed` (FRAME-1, -2, -6, -9)
# ---------------------------------------------------------------------------

FRAMING_REASONS = ("FRAMING_VERSION", "FRAME_TOO_LARGE", "TRUNCATED_FRAMING_BYTE", "TRUNCATED_LENGTH",
                   "TRUNCATED_BODY")


def frame_layer(wire):
    """(framing rejection or None, bytes consumed) as FRAME-* specify them."""
    if len(wire) == 0:
        return "TRUNCATED_FRAMING_BYTE", 0
    if wire[0] != FRAMING_BYTE:
        return "FRAMING_VERSION", 1
    if len(wire) < 5:
        return "TRUNCATED_LENGTH", len(wire)
    length = struct.unpack("<I", wire[1:5])[0]
    if length > CAP:
        return "FRAME_TOO_LARGE", 5
    if len(wire) < 5 + length:
        return "TRUNCATED_BODY", len(wire)
    return None, 5 + length


# ---------------------------------------------------------------------------
# Vector files
# ---------------------------------------------------------------------------

# The requirement a rejection cites for each reason code (SPEC.md "Violation:" lines).
CITED = {
    "FRAMING_VERSION": "FRAME-1", "FRAME_TOO_LARGE": "FRAME-2", "TRUNCATED_FRAMING_BYTE": "FRAME-6",
    "TRUNCATED_LENGTH": "FRAME-6", "TRUNCATED_BODY": "FRAME-6", "FRAME_UNDECODABLE": "DEC-1",
    "PAYLOAD_UNDECODABLE": "DEC-2", "ENVELOPE_VERSION": "ENV-1", "KIND": "ENV-2", "PAYLOAD_PROTOCOL": "ENV-3",
    "COMPRESSED": "ENV-4", "OFFER_CORRELATION": "OFFER-2", "TOKEN_MISSING": "OFFER-4", "TOKEN_LENGTH": "OFFER-5",
    "TOKEN_NOT_PENDING": "TOKEN-2", "TOKEN_EXPIRED": "TOKEN-3", "TOKEN_MISMATCH": "TOKEN-4",
    "ACK_FRAME_CORRELATION": "ACK-2", "ACK_CORRELATION": "ACK-3", "LATE": "ACK-6",
}
CITED_BY_ROLE = {
    "broker-ack": {"TOKEN_ECHO": "ACK-4", "REFUSED": "ACK-5"},
    "client-relay": {"TOKEN_ECHO": "RELAY-2", "REFUSED": "RELAY-3"},
    "backend-offer": {},
}
APPLICABLE = {
    "backend-offer": set(FRAMING_REASONS) | {"FRAME_UNDECODABLE", "PAYLOAD_UNDECODABLE", "ENVELOPE_VERSION", "KIND",
                                             "PAYLOAD_PROTOCOL", "COMPRESSED", "OFFER_CORRELATION",
                                             "TOKEN_MISSING", "TOKEN_LENGTH", "TOKEN_NOT_PENDING",
                                             "TOKEN_EXPIRED", "TOKEN_MISMATCH"},
    "broker-ack": set(FRAMING_REASONS) | {"FRAME_UNDECODABLE", "PAYLOAD_UNDECODABLE", "ENVELOPE_VERSION", "KIND",
                                          "PAYLOAD_PROTOCOL", "COMPRESSED", "ACK_FRAME_CORRELATION",
                                          "ACK_CORRELATION", "TOKEN_ECHO", "REFUSED", "LATE"},
    "client-relay": set(FRAMING_REASONS) | {"FRAME_UNDECODABLE", "PAYLOAD_UNDECODABLE", "ENVELOPE_VERSION", "KIND",
                                            "PAYLOAD_PROTOCOL", "COMPRESSED", "TOKEN_ECHO", "REFUSED"},
}

# Flag -> (defect class, requirement, description). A role-specific requirement is a dict.
FLAGS = {
    "Baseline": ("none", {"backend-offer": "FRAMES-1", "broker-ack": "FRAMES-2", "client-relay": "FRAMES-3"},
                 "The frame exactly as the spec builds it (FRAMES-1/2/3 with the FRAMES-4 envelope values)."),
    "EdgeValue": ("none", {"backend-offer": "OFFER-1", "broker-ack": "ACK-1", "client-relay": "RELAY-1"},
                  "A field the role does not constrain holds an edge value (0, 2^64-1, empty, long or non-ASCII "
                  "string, all-zero or all-ones token); the frame stays valid."),
    "UncheckedEnvelopeField": ("none", {"backend-offer": "OFFER-1", "broker-ack": "ACK-1",
                                        "client-relay": "RELAY-1"},
                               "deadline_unix_ms, traceparent or tracestate are set. FRAMES-4 says writers leave "
                               "them empty, but no reader check in the role's order looks at them: still valid."),
    "TokenAccepted": ("none", "TOKEN-5",
                      "The presented token equals the pending expected token: accepted (and consumed once)."),
    "DetailIgnored": ("none", {"broker-ack": "ACK-5", "client-relay": "RELAY-3"},
                      "accepted=true with a non-empty error_detail: only accepted=false is a refusal."),
    "CorrelationNotChecked": ("none", "RELAY-4",
                              "The relay's request_id and/or HandoffAck correlation_id are arbitrary; the client "
                              "does not check them."),
    "TrailingBytes": ("none", "FRAME-9",
                      "Bytes follow the frame; the reader consumes exactly 5 + length and leaves them."),
    "LittleEndianLength": ("framing", "FRAME-4",
                           "The body length is a u32 little-endian; a body of 256 bytes or more (or a length "
                           "written big-endian) tells the byte orders apart."),
    "UnsignedLength": ("framing", "FRAME-4",
                       "A length with the top bit set: a u32, not a negative i32."),
    "CapBoundary": ("framing", "FRAME-3",
                    "A length at or around the caps: exactly 16 MiB is within the cap (then truncated here); a "
                    "body above 64 KiB is legal for a handoff frame (64 KiB is the first Hello's cap only)."),
    "EmptyBody": ("envelope", "FRAME-5",
                  "Length 0 is a legal frame whose Frame has all defaults, so ENV-1 rejects it (version 0)."),
    "FramingVersion": ("framing", "FRAME-1", "The framing byte is not 1."),
    "VersionAxes": ("framing", "FRAME-11",
                    "Framing byte and envelope_version are separate axes: each is checked on its own."),
    "FrameTooLarge": ("oversize", "FRAME-2",
                      "The length header claims more than the 16 MiB cap; rejected before any body byte."),
    "Truncated": ("truncation", "FRAME-6",
                  "The stream ends inside the framing byte, the length header or the body."),
    "UndecodableFrame": ("undecodable-frame", "DEC-1",
                         "The body is not a protobuf Frame: truncated varint or field, varint over 10 bytes, "
                         "length overrun, wire type 6 or 7, field number 0, unbalanced group."),
    "UndecodablePayload": ("undecodable-payload", "DEC-2",
                           "The payload is not the expected message (HandoffOffer / HandoffAck)."),
    "InvalidUtf8": ("undecodable", "DEC-7",
                    "A string field holds invalid UTF-8 (lone continuation byte, overlong form, surrogate, "
                    "code point above U+10FFFF, truncated sequence)."),
    "UnknownField": ("none", "DEC-3",
                     "A well-formed field with a number the schema does not define (16, 1000, 2^29-1; every "
                     "wire type incl. a group): skipped."),
    "ReservedField": ("none", "DEC-3",
                      "A well-formed field in a reserved range (Frame 10-15, HandoffOffer 5-10, HandoffAck "
                      "5-10): skipped."),
    "DuplicateField": ("none", "DEC-5",
                       "A field appears twice; the last value wins (a second payload replaces the first)."),
    "ReorderedFields": ("none", "DEC-9", "Fields appear in descending field-number order."),
    "ExplicitDefault": ("none", "FRAMES-4",
                        "Fields are written with their default values (kind 0, encoding NONE, deadline 0, "
                        "empty strings, handle 0): the same values as omitted fields."),
    "NonMinimalVarint": ("none", "DEC-1",
                         "A varint (value, length, or a tag whose value fits 32 bits, however many bytes) is "
                         "zero-padded; still a valid encoding, not undecodable."),
    "OutOfRange32": ("none", "DEC-4",
                     "A varint over 32 bits in a uint32 or enum field keeps its low 32 bits."),
    "NonCanonicalBool": ("none", {"broker-ack": "ACK-5", "client-relay": "RELAY-3"},
                         "accepted is encoded as a varint other than 1 (2, 2^32): any non-zero value is true."),
    "WrongWireType": ("decoder-divergence", "DEC-6",
                      "A known field with a wire type its type does not use: prost rejects, protobuf-java and "
                      "C++ skip it as unknown. Either verdict is conformant (result acceptable)."),
    "OverlongTag": ("decoder-divergence", "DEC-8",
                    "A tag varint longer than 32 bits: prost rejects, protobuf-java reads the low 32 bits. "
                    "Either verdict is conformant (result acceptable)."),
    "OverflowingVarint": ("decoder-divergence", "DEC-10",
                          "A 10-byte varint that does not fit 64 bits: its last byte carries bits above 64 or the "
                          "continuation bit. prost rejects; protobuf-java keeps the low 64 bits (with the "
                          "continuation bit it ends the varint at an odd last byte of a uint64, bool or unknown "
                          "varint value and rejects the rest). Either verdict is conformant (result acceptable)."),
    "OverlongLength": ("decoder-divergence", "DEC-11",
                       "The length of a length-delimited field is 2^32 or more: prost finds it past the end, "
                       "protobuf-java reads its low 32 bits. Either verdict is conformant (result acceptable)."),
    "DeepNesting": ("decoder-divergence", "DEC-12",
                    "A field inside 100 nested unknown groups: prost's recursion limit refuses it, protobuf-java "
                    "refuses only a 101st group. Either verdict is conformant (result acceptable)."),
    "EnvelopeVersion": ("envelope", "ENV-1", "envelope_version is not 1 (0, 2, 2^32-1)."),
    "WrongKind": ("envelope", "ENV-2", "kind is a known FrameKind other than the one the role expects."),
    "UnknownKind": ("envelope", "ENV-2", "kind is a number FrameKind does not define (also negative)."),
    "PayloadProtocol": ("envelope", "ENV-3", "payload_protocol is not 0xD0FF."),
    "Compressed": ("envelope", "ENV-4", "payload_encoding is not NONE (ZSTD, SNAPPY, LZ4, unknown)."),
    "EnvelopeOrder": ("order", "ENV-5",
                      "Two or more envelope defects; the first in ENV-1..ENV-4 order must be reported."),
    "CheckOrder": ("order", {"backend-offer": "OFFER-1", "broker-ack": "ACK-1", "client-relay": "RELAY-1"},
                   "Two defects in different checks; the one earlier in the role's check order must win."),
    "OfferCorrelation": ("correlation", "OFFER-2", "The offer frame's request_id differs from correlation_id."),
    "TokenMissing": ("token", "OFFER-4", "The offer carries an empty token."),
    "TokenLength": ("token", "OFFER-5", "The offer's token is not 16 bytes long."),
    "TokenNotPending": ("token", "TOKEN-2", "The expected token is no longer pending (already consumed)."),
    "TokenExpired": ("token", "TOKEN-3", "The expected token is past its TTL."),
    "TokenMismatch": ("token", "TOKEN-4", "The presented token differs from the pending expected token."),
    "TokenCheckOrder": ("order", "OFFER-6",
                        "Several token defects: shape first (missing, length), then the store (not pending, "
                        "expired, mismatch)."),
    "AckFrameCorrelation": ("correlation", "ACK-2", "The ACK frame's request_id is not the offer's correlation id."),
    "AckCorrelation": ("correlation", "ACK-3", "The HandoffAck's correlation_id is not the offer's correlation id."),
    "TokenEcho": ("token", {"broker-ack": "ACK-4", "client-relay": "RELAY-2"},
                  "The echoed token differs from the offered / negotiated token (empty, short, long, other)."),
    "Refused": ("refusal", {"broker-ack": "ACK-5", "client-relay": "RELAY-3"},
                "The HandoffAck says accepted=false (with or without error_detail)."),
    "Late": ("lateness", "ACK-6", "The ACK is observed after the ACK deadline."),
}


class VectorFile:
    def __init__(self, role, filename):
        self.role = role
        self.filename = filename
        self.groups = []
        self.used_flags = []

    def group(self, comment):
        self.groups.append({"comment": comment, "tests": []})

    def add(self, comment, flags, wire, result, reason=None, requirement=None, inputs=None, decoded=None):
        """One vector. `decoded` (valid only) = (frame dict, payload type, payload dict, canonical)."""
        if not self.groups:
            raise ValueError("open a group first")
        for flag in flags:
            if flag not in FLAGS:
                raise KeyError("flag %s has no note" % flag)
            if flag not in self.used_flags:
                self.used_flags.append(flag)
        framing_reason, consumed = frame_layer(wire)
        if result == "invalid":
            cited = CITED_BY_ROLE[self.role].get(reason) or CITED[reason]
            if requirement not in (None, cited):
                raise ValueError("%s: an invalid vector cites %s for %s" % (comment, cited, reason))
            requirement = cited
            if reason not in APPLICABLE[self.role]:
                raise ValueError("%s: %s does not apply to %s" % (comment, reason, self.role))
            if (reason in FRAMING_REASONS) != (framing_reason is not None) or (
                    framing_reason is not None and framing_reason != reason):
                raise ValueError("%s: reason %s disagrees with the frame layer (%s)" % (comment, reason,
                                                                                        framing_reason))
        else:
            if requirement is None:
                raise ValueError("%s: valid/acceptable vectors name the requirement they prove" % comment)
            if framing_reason is not None:
                raise ValueError("%s: %s vector fails framing (%s)" % (comment, result, framing_reason))
            if result == "valid" and reason is not None:
                raise ValueError("%s: a valid vector has no reason" % comment)
            if result == "acceptable" and reason not in ("FRAME_UNDECODABLE", "PAYLOAD_UNDECODABLE"):
                raise ValueError("%s: acceptable lists the strict decoder's code" % comment)
        if (result == "valid") != (decoded is not None):
            raise ValueError("%s: exactly the valid vectors carry their decoded form" % comment)
        test = {"tcId": None, "comment": comment, "flags": list(flags), "wire_hex": wire.hex()}
        test.update(self.inputs(inputs or {}))
        test["result"] = result
        test["reason"] = reason
        test["requirement"] = requirement
        test["consumed"] = consumed
        if decoded is not None:
            frame_msg, payload_type, payload_msg, canonical = decoded
            test["frame_textproto"] = textproto(FRAME, frame_msg)
            test["payload_type"] = payload_type
            test["payload_textproto"] = textproto(OFFER if payload_type == "HandoffOffer" else ACK, payload_msg)
            test["canonical"] = canonical
            if canonical:
                payload_schema = OFFER if payload_type == "HandoffOffer" else ACK
                if encode(payload_schema, payload_msg) != frame_msg["payload"] or \
                        framed(encode(FRAME, frame_msg)) != wire[:consumed]:
                    raise ValueError("%s: marked canonical but the bytes are not the canonical encoding" % comment)
        self.groups[-1]["tests"].append(test)

    def inputs(self, given):
        if self.role == "backend-offer":
            token = given.get("expected", T0)
            return {"expected_token_hex": token.hex(), "expected_token_state": given.get("state", "pending")}
        out = {"token_hex": given.get("token", T0).hex()}
        if self.role == "broker-ack":
            out["correlation_id"] = given.get("correlation_id", CORR)
            out["deadline_passed"] = given.get("deadline_passed", False)
        return out

    # -- shorthands -------------------------------------------------------

    def valid(self, comment, flags, requirement, frame_msg, payload_msg, trailing=b"", inputs=None, body=None):
        """A valid vector. Without `body` the bytes are the canonical encoding of the two messages."""
        payload_type = "HandoffOffer" if self.role == "backend-offer" else "HandoffAck"
        canonical = body is None
        if body is None:
            body = encode(FRAME, frame_msg)
        self.add(comment, flags, framed(body, trailing), "valid", requirement=requirement, inputs=inputs,
                 decoded=(frame_msg, payload_type, payload_msg, canonical))

    def invalid(self, comment, flags, reason, wire, inputs=None):
        self.add(comment, flags, wire, "invalid", reason=reason, inputs=inputs)

    def acceptable(self, comment, flags, requirement, reason, wire, inputs=None):
        self.add(comment, flags, wire, "acceptable", reason=reason, requirement=requirement, inputs=inputs)

    def document(self):
        notes = {}
        for flag in self.used_flags:
            defect, requirement, description = FLAGS[flag]
            if isinstance(requirement, dict):
                requirement = requirement[self.role]
            notes[flag] = {"description": description, "requirement": requirement, "defect": defect}
        tc = 0
        for group in self.groups:
            for test in group["tests"]:
                tc += 1
                test["tcId"] = tc
        return {"role": self.role, "schema": SCHEMA, "generator": GENERATOR, "numberOfTests": tc,
                "notes": notes, "testGroups": self.groups}


def body_of(frame_msg):
    return encode(FRAME, frame_msg)


def wire_of(frame_msg, trailing=b""):
    return framed(encode(FRAME, frame_msg), trailing)


def header(length, framing=FRAMING_BYTE):
    return bytes([framing]) + struct.pack("<I", length)


def std_envelope(kind=REQUEST):
    """The FRAMES-4 envelope fields 1-3, canonically encoded (payload and request_id left to the caller)."""
    return f_varint(1, 1) + (f_varint(2, kind) if kind else b"") + f_varint(3, HANDOFF)


# Invalid UTF-8 samples (DEC-7).
BAD_UTF8 = [
    (b"\x80", "a lone continuation byte"),
    (b"\xc0\xaf", "an overlong encoding of '/'"),
    (b"\xed\xa0\x80", "a UTF-16 surrogate (U+D800)"),
    (b"\xf4\x90\x80\x80", "a code point above U+10FFFF"),
    (b"tr\xe2\x82", "a truncated 3-byte sequence"),
]

LONG_NAME = "".join(chr(ord("a") + i % 26) for i in range(300))
NON_ASCII_NAME = "caf\u00e9-\u30b5\u30fc\u30d3\u30b9-\U0001f680"
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


# ---------------------------------------------------------------------------
# backend-offer: the backend reading a HandoffOffer frame (OFFER-1, then the token)
# ---------------------------------------------------------------------------

def backend_offer():
    v = VectorFile("backend-offer", "backend_offer.json")

    def off_frame(o, **kw):
        kw.setdefault("request_id", o["correlation_id"])
        return frame(payload=encode(OFFER, o), **kw)

    base_offer = offer()
    base = off_frame(base_offer)
    base_wire = wire_of(base)

    v.group("Valid offers and edge values (OFFER-1, TOKEN-5)")
    v.valid("Unix offer: handle 0, token 000102..0f, service 'echo', correlation 300", ["Baseline", "TokenAccepted"],
            "FRAMES-1", base, base_offer)
    o = offer(handle_value=0x1A4)
    v.valid("Windows offer: handle value 0x1a4", ["EdgeValue"], "OFFER-1", off_frame(o), o)
    o = offer(handle_value=U64)
    v.valid("handle value 2^64-1", ["EdgeValue"], "OFFER-1", off_frame(o), o)
    o = offer(correlation_id=0)
    v.valid("correlation id 0: request_id and correlation_id both omitted", ["EdgeValue"], "OFFER-2",
            off_frame(o), o)
    o = offer(correlation_id=U64)
    v.valid("correlation id 2^64-1 in request_id and correlation_id", ["EdgeValue"], "OFFER-2", off_frame(o), o)
    o = offer(correlation_id=2 ** 63)
    v.valid("correlation id 2^63 (only the top bit set)", ["EdgeValue"], "OFFER-2", off_frame(o), o)
    o = offer(service_name="")
    v.valid("empty service name", ["EdgeValue"], "OFFER-1", off_frame(o), o)
    o = offer(service_name=LONG_NAME)
    v.valid("300-character service name (body over 256 bytes)", ["EdgeValue", "LittleEndianLength"], "FRAME-4",
            off_frame(o), o)
    o = offer(service_name=NON_ASCII_NAME)
    v.valid("non-ASCII service name (2-, 3- and 4-byte UTF-8)", ["EdgeValue"], "DEC-7", off_frame(o), o)
    o = offer(token=TZERO)
    v.valid("all-zero token, expected all-zero", ["EdgeValue", "TokenAccepted"], "TOKEN-5", off_frame(o), o,
            inputs={"expected": TZERO})
    o = offer(token=TFF)
    v.valid("all-ones token, expected all-ones", ["EdgeValue", "TokenAccepted"], "TOKEN-5", off_frame(o), o,
            inputs={"expected": TFF})
    o = offer(service_name="", correlation_id=0)
    v.valid("minimal offer: only the token is set", ["EdgeValue"], "OFFER-1", off_frame(o), o)
    o = offer()
    v.valid("deadline_unix_ms, traceparent and tracestate set", ["UncheckedEnvelopeField"], "OFFER-1",
            off_frame(o, deadline_unix_ms=1764331200000, traceparent=TRACEPARENT, tracestate="vendor=opaque"), o)
    o = offer(service_name="s" * 65530)
    v.valid("65530-byte service name: a body over 64 KiB is within the 16 MiB cap", ["CapBoundary", "EdgeValue"],
            "FRAME-3", off_frame(o), o)

    v.group("Frame layer (FRAME-1..FRAME-11)")
    v.valid("trailing bytes after the frame (the start of a next header) stay unread", ["TrailingBytes"],
            "FRAME-9", base, base_offer, trailing=b"\x01\x00\x00")
    v.valid("a second complete frame follows: only the first is consumed", ["TrailingBytes"], "FRAME-9", base,
            base_offer, trailing=base_wire)
    v.invalid("zero-length body: a Frame with all defaults has envelope_version 0", ["EmptyBody"],
              "ENVELOPE_VERSION", header(0))
    v.invalid("zero-length body followed by a valid offer frame", ["EmptyBody", "TrailingBytes"],
              "ENVELOPE_VERSION", header(0) + base_wire)
    v.invalid("framing byte 0", ["FramingVersion"], "FRAMING_VERSION", b"\x00" + base_wire[1:])
    v.invalid("framing byte 2 with a valid v1 envelope", ["FramingVersion", "VersionAxes"], "FRAMING_VERSION",
              b"\x02" + base_wire[1:])
    v.invalid("framing byte 0xff", ["FramingVersion"], "FRAMING_VERSION", b"\xff" + base_wire[1:])
    v.invalid("no header: the body starts the stream (first byte 0x08)", ["FramingVersion"], "FRAMING_VERSION",
              body_of(base))
    v.invalid("envelope_version 2 behind framing byte 1", ["EnvelopeVersion", "VersionAxes"], "ENVELOPE_VERSION",
              wire_of(off_frame(base_offer, envelope_version=2)))
    v.invalid("length 16 MiB + 1, no body", ["FrameTooLarge", "CapBoundary"], "FRAME_TOO_LARGE", header(CAP + 1))
    v.invalid("length 0xFFFFFFFF, no body", ["FrameTooLarge"], "FRAME_TOO_LARGE", header(U32))
    v.invalid("length 0x80000000 (negative as an i32)", ["FrameTooLarge", "UnsignedLength"], "FRAME_TOO_LARGE",
              header(0x80000000))
    v.invalid("length 16 MiB + 1 followed by a valid body", ["FrameTooLarge", "CapBoundary"], "FRAME_TOO_LARGE",
              header(CAP + 1) + body_of(base))
    v.invalid("length exactly 16 MiB (within the cap), then the stream ends", ["CapBoundary", "Truncated"],
              "TRUNCATED_BODY", header(CAP))
    v.invalid("length written big-endian: read little-endian it exceeds the cap",
              ["LittleEndianLength", "FrameTooLarge"], "FRAME_TOO_LARGE",
              b"\x01" + struct.pack(">I", len(body_of(base))) + body_of(base))

    v.group("Every truncation of the baseline offer frame (prefix lengths 0..len-1)")
    for n in range(len(base_wire)):
        if n == 0:
            reason, where = "TRUNCATED_FRAMING_BYTE", "empty stream"
        elif n < 5:
            reason, where = "TRUNCATED_LENGTH", "%d of 4 length bytes" % (n - 1)
        else:
            reason, where = "TRUNCATED_BODY", "%d of %d body bytes" % (n - 5, len(base_wire) - 5)
        v.invalid("first %d of %d bytes (%s)" % (n, len(base_wire), where), ["Truncated"], reason, base_wire[:n])

    v.group("Undecodable Frame body (DEC-1, DEC-7)")
    env = std_envelope()
    pay = f_len(4, encode(OFFER, base_offer)) + f_varint(5, CORR)
    v.invalid("body ends inside a varint (envelope_version 0x81)", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + pay + b"\x08\x81"))
    v.invalid("11-byte varint in request_id", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + f_len(4, encode(OFFER, base_offer)) + b"\x28" + b"\x80" * 10 + b"\x00"))
    v.invalid("payload length 64 overruns the body", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + b"\x22\x40" + encode(OFFER, base_offer)))
    v.invalid("payload length 2^32-1 (negative as an i32)", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + b"\x22" + varint(U32) + encode(OFFER, base_offer)))
    v.invalid("wire type 6 (field 16)", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + pay + key(16, 6) + b"\x00"))
    v.invalid("wire type 7 (field 1)", ["UndecodableFrame"], "FRAME_UNDECODABLE", framed(b"\x0f" + env + pay))
    v.invalid("field number 0", ["UndecodableFrame"], "FRAME_UNDECODABLE", framed(env + pay + b"\x00\x00"))
    v.invalid("end-group tag without a start (field 1000)", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + pay + key(1000, EGROUP)))
    v.invalid("group 1000 closed by end-group 1001", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + pay + key(1000, SGROUP) + f_varint(1, 1) + key(1001, EGROUP)))
    v.invalid("unknown fixed64 field 16 cut after 3 of 8 bytes", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(env + pay + key(16, I64) + b"\xaa\xbb\xcc"))
    for i, (bad, what) in enumerate(BAD_UTF8):
        field = 8 if i % 2 == 0 else 9
        name = "traceparent" if field == 8 else "tracestate"
        v.invalid("%s holds %s" % (name, what), ["InvalidUtf8", "UndecodableFrame"], "FRAME_UNDECODABLE",
                  framed(env + pay + f_len(field, bad)))

    v.group("Envelope (ENV-1..ENV-4)")
    for value, flag, what in [(0, "EnvelopeVersion", "envelope_version 0 (omitted)"),
                              (2, "EnvelopeVersion", "envelope_version 2"),
                              (U32, "EnvelopeVersion", "envelope_version 2^32-1")]:
        v.invalid(what, [flag], "ENVELOPE_VERSION", wire_of(off_frame(base_offer, envelope_version=value)))
    v.invalid("envelope_version 0 written explicitly", ["EnvelopeVersion", "ExplicitDefault"], "ENVELOPE_VERSION",
              framed(f_varint(1, 0) + body_of(off_frame(base_offer, envelope_version=0))))
    for value, flag, what in [(RESPONSE, "WrongKind", "kind RESPONSE"), (EVENT, "WrongKind", "kind EVENT"),
                              (CANCEL, "WrongKind", "kind CANCEL"), (7, "UnknownKind", "kind 7 (unknown)")]:
        v.invalid(what, [flag], "KIND", wire_of(off_frame(base_offer, kind=value)))
    v.invalid("kind -1 (10-byte sign-extended varint)", ["UnknownKind"], "KIND",
              framed(f_varint(1, 1) + f_varint(2, -1) + f_varint(3, HANDOFF) +
                     f_len(4, encode(OFFER, base_offer)) + f_varint(5, CORR)))
    for value, what in [(0, "payload_protocol 0 (control / omitted)"), (PROBE, "payload_protocol 0xB232 (probe)"),
                        (0xD0FE, "payload_protocol 0xD0FE"), (ADMIN, "payload_protocol 0xAD01 (admin)"),
                        (0xFFD0, "payload_protocol 0xFFD0 (0xD0FF byte-swapped)"),
                        (HANDOFF + 2 ** 16, "payload_protocol 0x1D0FF (0xD0FF plus bit 16)")]:
        v.invalid(what, ["PayloadProtocol"], "PAYLOAD_PROTOCOL", wire_of(off_frame(base_offer, payload_protocol=value)))
    for value, what in [(ZSTD, "ZSTD"), (SNAPPY, "SNAPPY"), (LZ4, "LZ4"), (9, "9 (unknown)")]:
        v.invalid("payload_encoding " + what, ["Compressed"], "COMPRESSED",
                  wire_of(off_frame(base_offer, payload_encoding=value)))

    v.group("Check order: ENV-5 and OFFER-1 (first failure wins)")
    v.invalid("envelope_version 2 and kind RESPONSE", ["EnvelopeOrder"], "ENVELOPE_VERSION",
              wire_of(off_frame(base_offer, envelope_version=2, kind=RESPONSE)))
    v.invalid("envelope_version 0, kind 7, payload_protocol 0 and ZSTD", ["EnvelopeOrder"],
              "ENVELOPE_VERSION", wire_of(off_frame(base_offer, envelope_version=0, kind=7, payload_protocol=0,
                                                    payload_encoding=ZSTD)))
    v.invalid("kind EVENT and payload_protocol 0xB232", ["EnvelopeOrder"], "KIND",
              wire_of(off_frame(base_offer, kind=EVENT, payload_protocol=PROBE)))
    v.invalid("kind CANCEL and ZSTD", ["EnvelopeOrder"], "KIND",
              wire_of(off_frame(base_offer, kind=CANCEL, payload_encoding=ZSTD)))
    v.invalid("payload_protocol 0xD0FE and LZ4", ["EnvelopeOrder"], "PAYLOAD_PROTOCOL",
              wire_of(off_frame(base_offer, payload_protocol=0xD0FE, payload_encoding=LZ4)))
    v.invalid("kind RESPONSE and an undecodable payload: envelope before payload", ["CheckOrder"], "KIND",
              wire_of(frame(kind=RESPONSE, payload=b"\xff", request_id=CORR)))
    v.invalid("SNAPPY and an undecodable payload: envelope before payload", ["CheckOrder"], "COMPRESSED",
              wire_of(frame(payload_encoding=SNAPPY, payload=b"\xff", request_id=CORR)))
    v.invalid("kind RESPONSE, then a zero field number: the body is decoded before the envelope",
              ["CheckOrder", "UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(body_of(off_frame(base_offer, kind=RESPONSE)) + b"\x00\x00"))
    v.invalid("undecodable payload and request_id 301: payload before correlation", ["CheckOrder"],
              "PAYLOAD_UNDECODABLE", wire_of(frame(payload=encode(OFFER, base_offer)[:10], request_id=CORR + 1)))
    v.invalid("request_id 301 and an empty token: correlation before the token", ["CheckOrder"],
              "OFFER_CORRELATION", wire_of(off_frame(offer(token=b""), request_id=CORR + 1)))
    v.invalid("request_id 301 and a replayed (consumed) token: correlation before the store", ["CheckOrder"],
              "OFFER_CORRELATION", wire_of(off_frame(base_offer, request_id=CORR + 1)),
              inputs={"state": "consumed"})

    v.group("Undecodable HandoffOffer payload (DEC-2, DEC-7)")
    good = encode(OFFER, base_offer)

    def with_payload(payload):
        return wire_of(frame(payload=payload, request_id=CORR))

    v.invalid("payload is the single byte 0xff (unterminated tag)", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(b"\xff"))
    v.invalid("token field claims 16 bytes, 8 follow", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(b"\x12\x10" + T0[:8]))
    v.invalid("wire type 7 in the payload", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(good + b"\x2f"))
    v.invalid("field number 0 in the payload", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(good + b"\x00\x01"))
    v.invalid("11-byte varint in correlation_id", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(encode(OFFER, offer(correlation_id=0)) + b"\x20" + b"\x80" * 10 + b"\x00"))
    v.invalid("end-group tag without a start in the payload", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(good + key(7, EGROUP)))
    for bad, what in BAD_UTF8[:4]:
        v.invalid("service_name holds %s" % what, ["InvalidUtf8", "UndecodablePayload"], "PAYLOAD_UNDECODABLE",
                  with_payload(f_len(2, T0) + f_len(3, b"svc-" + bad) + f_varint(4, CORR)))

    v.group("Offer correlation (OFFER-2)")
    for rid, corr, what in [(CORR + 1, CORR, "request_id 301, correlation_id 300"),
                            (0, CORR, "request_id omitted (0), correlation_id 300"),
                            (CORR, 0, "request_id 300, correlation_id omitted (0)"),
                            (CORR + 2 ** 32, CORR, "request_id 2^32+300, correlation_id 300 (64-bit compare)"),
                            (U64, 2 ** 63 - 1, "request_id 2^64-1, correlation_id 2^63-1")]:
        v.invalid(what, ["OfferCorrelation"], "OFFER_CORRELATION",
                  wire_of(off_frame(offer(correlation_id=corr), request_id=rid)))

    v.group("Token judgement (OFFER-4, OFFER-5, TOKEN-2..TOKEN-4)")
    v.invalid("token field absent", ["TokenMissing"], "TOKEN_MISSING", wire_of(off_frame(offer(token=b""))))
    v.invalid("token written as an empty bytes field", ["TokenMissing", "ExplicitDefault"], "TOKEN_MISSING",
              framed(env + f_len(4, f_len(2, b"") + f_len(3, SERVICE) + f_varint(4, CORR)) + f_varint(5, CORR)))
    for tok, what in [(T0[:15], "15 bytes"), (T0 + b"\x10", "17 bytes (the expected token plus one byte)"),
                      (b"\x00", "1 byte"), (T0 + T1, "32 bytes")]:
        v.invalid("token of " + what, ["TokenLength"], "TOKEN_LENGTH", wire_of(off_frame(offer(token=tok))))
    v.invalid("expected token already consumed (replay)", ["TokenNotPending"], "TOKEN_NOT_PENDING", base_wire,
              inputs={"state": "consumed"})
    v.invalid("expected token past its TTL", ["TokenExpired"], "TOKEN_EXPIRED", base_wire,
              inputs={"state": "expired"})
    v.invalid("another token (101112..1f)", ["TokenMismatch"], "TOKEN_MISMATCH", wire_of(off_frame(offer(token=T1))))
    v.invalid("token differs in the last byte", ["TokenMismatch"], "TOKEN_MISMATCH",
              wire_of(off_frame(offer(token=T0_LAST))))
    v.invalid("token differs in the first byte", ["TokenMismatch"], "TOKEN_MISMATCH",
              wire_of(off_frame(offer(token=T0_FIRST))))
    v.invalid("all-zero token presented, 000102..0f expected", ["TokenMismatch"], "TOKEN_MISMATCH",
              wire_of(off_frame(offer(token=TZERO))))
    v.invalid("consumed and mismatching: not pending wins", ["TokenCheckOrder", "TokenNotPending"],
              "TOKEN_NOT_PENDING", wire_of(off_frame(offer(token=T1))), inputs={"state": "consumed"})
    v.invalid("expired and mismatching: expired wins", ["TokenCheckOrder", "TokenExpired"], "TOKEN_EXPIRED",
              wire_of(off_frame(offer(token=T1))), inputs={"state": "expired"})
    v.invalid("consumed and 15 bytes: shape before the store", ["TokenCheckOrder", "TokenLength"], "TOKEN_LENGTH",
              wire_of(off_frame(offer(token=T0[:15]))), inputs={"state": "consumed"})
    v.invalid("expired and empty: shape before the store", ["TokenCheckOrder", "TokenMissing"], "TOKEN_MISSING",
              wire_of(off_frame(offer(token=b""))), inputs={"state": "expired"})
    v.invalid("token twice, 16 then 15 bytes: the last one is judged", ["DuplicateField", "TokenLength"],
              "TOKEN_LENGTH",
              with_payload(f_len(2, T0) + f_len(2, T0[:15]) + f_len(3, SERVICE) + f_varint(4, CORR)))

    v.group("Decoder leniency: unknown, reserved, duplicate, reordered, padded, out-of-range (valid)")
    o = base_offer
    body = body_of(base)
    v.valid("unknown varint field 16 in Frame", ["UnknownField"], "DEC-3", base, o,
            body=body + f_varint(16, 42))
    v.valid("unknown length-delimited field 1000 in Frame", ["UnknownField"], "DEC-3", base, o,
            body=f_len(1000, b"future") + body)
    v.valid("unknown fixed64 field 1000 in Frame", ["UnknownField"], "DEC-3", base, o,
            body=body + f_fixed64(1000, 0x0102030405060708))
    v.valid("unknown fixed32 field 1000 in Frame", ["UnknownField"], "DEC-3", base, o,
            body=body + f_fixed32(1000, 0xDEADBEEF))
    v.valid("unknown group 1000 (holding a varint) in Frame", ["UnknownField"], "DEC-3", base, o,
            body=body + f_group(1000, f_varint(1, 1)))
    v.valid("unknown field 536870911 (the largest field number)", ["UnknownField"], "DEC-3", base, o,
            body=body + f_varint(2 ** 29 - 1, 1))
    v.valid("reserved Frame fields 10 (varint) and 15 (bytes)", ["ReservedField"], "DEC-3", base, o,
            body=body + f_varint(10, 1) + f_len(15, b"reserved"))
    p = encode(OFFER, o) + f_varint(1000, 7) + f_fixed32(16, 1)
    v.valid("unknown fields 1000 (varint) and 16 (fixed32) in HandoffOffer", ["UnknownField"], "DEC-3",
            frame(payload=p, request_id=CORR), o, body=body_of(frame(payload=p, request_id=CORR)))
    p = f_varint(5, 1) + encode(OFFER, o) + f_len(10, b"x")
    v.valid("reserved HandoffOffer fields 5 (varint) and 10 (bytes)", ["ReservedField"], "DEC-3",
            frame(payload=p, request_id=CORR), o, body=body_of(frame(payload=p, request_id=CORR)))
    p = encode(OFFER, o) + f_group(2000, f_len(1, b"g"))
    v.valid("unknown group 2000 in HandoffOffer", ["UnknownField"], "DEC-3",
            frame(payload=p, request_id=CORR), o, body=body_of(frame(payload=p, request_id=CORR)))
    v.valid("kind twice: RESPONSE then REQUEST", ["DuplicateField"], "DEC-5", base, o,
            body=f_varint(2, RESPONSE) + f_varint(2, REQUEST) + body)
    v.valid("envelope_version twice: 2 then 1", ["DuplicateField"], "DEC-5", base, o,
            body=f_varint(1, 2) + body)
    v.valid("payload_protocol twice: 0xB232 then 0xD0FF", ["DuplicateField"], "DEC-5", base, o,
            body=f_varint(1, 1) + f_varint(3, PROBE) + f_varint(3, HANDOFF) + f_len(4, good) + f_varint(5, CORR))
    v.valid("payload twice: a broken one, then the real one (replaced, not concatenated)", ["DuplicateField"],
            "DEC-5", base, o, body=f_len(4, b"\x08") + body)
    v.valid("request_id twice: 1 then 300", ["DuplicateField"], "DEC-5", base, o, body=f_varint(5, 1) + body)
    p = f_len(2, T1) + encode(OFFER, o)
    v.valid("token twice in HandoffOffer: 101112..1f then the expected one", ["DuplicateField"], "DEC-5",
            frame(payload=p, request_id=CORR), o, body=body_of(frame(payload=p, request_id=CORR)))
    p = f_varint(4, 999) + f_len(3, "other") + encode(OFFER, o)
    v.valid("correlation_id and service_name twice in HandoffOffer", ["DuplicateField"], "DEC-5",
            frame(payload=p, request_id=CORR), o, body=body_of(frame(payload=p, request_id=CORR)))
    p = f_varint(4, CORR) + f_len(3, SERVICE) + f_len(2, T0) + f_varint(1, 0x1A4)
    o2 = offer(handle_value=0x1A4)
    f2 = frame(payload=p, request_id=CORR)
    v.valid("Frame and HandoffOffer fields in descending order", ["ReorderedFields"], "DEC-9", f2, o2,
            body=f_varint(5, CORR) + f_len(4, p) + f_varint(3, HANDOFF) + f_varint(1, 1))
    p = f_varint(1, 0) + encode(OFFER, o)
    f2 = frame(payload=p, request_id=CORR)
    v.valid("default values written explicitly (kind, encoding, deadline, trace strings, handle 0)",
            ["ExplicitDefault"], "FRAMES-4", f2, o,
            body=f_varint(1, 1) + f_varint(2, 0) + f_varint(3, HANDOFF) + f_len(4, p) + f_varint(5, CORR) +
            f_varint(6, 0) + f_varint(7, 0) + f_len(8, b"") + f_len(9, b""))
    p = key(2, LEN) + varint(16, 3) + T0 + f_len(3, SERVICE) + f_varint(4, CORR, width=10)
    f2 = frame(payload=p, request_id=CORR)
    v.valid("zero-padded varints: version, payload length, request_id, token length, correlation_id",
            ["NonMinimalVarint"], "DEC-1", f2, o,
            body=f_varint(1, 1, width=2) + f_varint(3, HANDOFF) + key(4, LEN) + varint(len(p), 2) + p +
            f_varint(5, CORR, width=10))
    v.valid("tag of envelope_version zero-padded to 5 bytes", ["NonMinimalVarint"], "DEC-1", base, o,
            body=key(1, VARINT, width=5) + b"\x01" + body[2:])
    v.valid("kind 2^32 reads as 0 = REQUEST", ["OutOfRange32"], "DEC-4", base, o,
            body=body + f_varint(2, 2 ** 32))
    v.valid("kind 2^32 as a 10-byte varint reads as REQUEST", ["OutOfRange32", "NonMinimalVarint"], "DEC-4", base, o,
            body=body + f_varint(2, 2 ** 32, width=10))
    v.valid("envelope_version 2^32+1 reads as 1", ["OutOfRange32"], "DEC-4", base, o,
            body=f_varint(1, 2 ** 32 + 1) + body[2:])
    v.valid("payload_protocol 2^32+0xD0FF reads as 0xD0FF", ["OutOfRange32"], "DEC-4", base, o,
            body=f_varint(1, 1) + f_varint(3, 2 ** 32 + HANDOFF) + f_len(4, good) + f_varint(5, CORR))
    v.valid("payload_encoding 2^33 reads as NONE", ["OutOfRange32"], "DEC-4", base, o,
            body=body + f_varint(6, 2 ** 33))

    v.group("Decoder divergence (acceptable: DEC-6 wrong wire type, DEC-8 overlong tag)")
    v.acceptable("deadline_unix_ms (7) as length-delimited", ["WrongWireType"], "DEC-6", "FRAME_UNDECODABLE",
                 framed(body + f_len(7, b"\x00")))
    v.acceptable("payload_protocol (3) correct, then again as fixed32", ["WrongWireType"], "DEC-6",
                 "FRAME_UNDECODABLE", framed(body + f_fixed32(3, HANDOFF)))
    v.acceptable("traceparent (8) as a varint", ["WrongWireType"], "DEC-6", "FRAME_UNDECODABLE",
                 framed(body + f_varint(8, 1)))
    v.acceptable("tracestate (9) as a group", ["WrongWireType"], "DEC-6", "FRAME_UNDECODABLE",
                 framed(body + f_group(9)))
    v.acceptable("handle_value (1) as fixed64", ["WrongWireType"], "DEC-6", "PAYLOAD_UNDECODABLE",
                 with_payload(f_fixed64(1, 0x1A4) + good))
    v.acceptable("service_name (3) as a varint", ["WrongWireType"], "DEC-6", "PAYLOAD_UNDECODABLE",
                 with_payload(f_len(2, T0) + f_varint(3, 5) + f_varint(4, CORR)))
    v.acceptable("tag of envelope_version with bits above 32 (5 bytes, value 2^34+2^33+2^32+8)", ["OverlongTag"],
                 "DEC-8", "FRAME_UNDECODABLE", framed(b"\x88\x80\x80\x80\x70\x01" + body[2:]))
    v.acceptable("tag of envelope_version as a 10-byte varint (value 2^63+8)", ["OverlongTag"], "DEC-8",
                 "FRAME_UNDECODABLE", framed(b"\x88" + b"\x80" * 8 + b"\x01" + b"\x01" + body[2:]))
    # fixed: prost rejects a tag only when its value exceeds 32 bits, and this one is 8 (upstream accepts it)
    v.valid("tag of envelope_version zero-padded to 6 bytes", ["NonMinimalVarint"], "DEC-1", base, o,
            body=key(1, VARINT, width=6) + b"\x01" + body[2:])
    v.acceptable("tag of service_name with bit 32 set, in HandoffOffer", ["OverlongTag"], "DEC-8",
                 "PAYLOAD_UNDECODABLE",
                 with_payload(f_len(2, T0) + b"\x9a\x80\x80\x80\x10" + varint(4) + b"echo" + f_varint(4, CORR)))

    v.group("Decoder divergence (acceptable: DEC-10 overflowing 10-byte varint)")
    v.acceptable("deadline_unix_ms (7) as a 10-byte varint overflowing 64 bits", ["OverflowingVarint"], "DEC-10",
                 "FRAME_UNDECODABLE", framed(body + key(7, VARINT) + overflowing(5)))
    v.acceptable("handle_value (1) as a 10-byte varint overflowing 64 bits, in HandoffOffer", ["OverflowingVarint"],
                 "DEC-10", "PAYLOAD_UNDECODABLE", with_payload(key(1, VARINT) + overflowing(0x1A4) + good))

    v.group("Decoder divergence (acceptable: DEC-10 continuation bit, DEC-11 length over 32 bits, DEC-12 100 nested groups)")
    v.acceptable("deadline_unix_ms (7) as a 10-byte varint whose last byte 0x81 has the continuation bit",
                 ["OverflowingVarint"], "DEC-10", "FRAME_UNDECODABLE",
                 framed(body + key(7, VARINT) + continued(2 ** 63 + 5)))
    v.acceptable("handle_value (1) as a 10-byte varint whose last byte is 0xff, in HandoffOffer", ["OverflowingVarint"],
                 "DEC-10", "PAYLOAD_UNDECODABLE", with_payload(key(1, VARINT) + continued(U64, high=0x7E) + good))
    v.acceptable("reserved Frame field 10 with length 2^32 (empty for a 32-bit reader)", ["OverlongLength"], "DEC-11",
                 "FRAME_UNDECODABLE", framed(body + key(10, LEN) + overlong_len(b"")))
    v.acceptable("payload (4) length with bit 32 set", ["OverlongLength"], "DEC-11", "FRAME_UNDECODABLE",
                 framed(env + key(4, LEN) + overlong_len(good) + f_varint(5, CORR)))
    v.acceptable("token (2) length 16 + 2^32, in HandoffOffer", ["OverlongLength"], "DEC-11", "PAYLOAD_UNDECODABLE",
                 with_payload(key(2, LEN) + overlong_len(T0) + f_len(3, SERVICE) + f_varint(4, CORR)))
    v.acceptable("service_name (3) length 4 + 2^63 as a 10-byte varint ending in 0x01, in HandoffOffer",
                 ["OverlongLength"], "DEC-11", "PAYLOAD_UNDECODABLE",
                 with_payload(f_len(2, T0) + key(3, LEN) + overlong_len(b"echo", above=2 ** 31) + f_varint(4, CORR)))
    v.acceptable("a varint field inside 100 nested unknown groups (field 16), in Frame", ["DeepNesting"], "DEC-12",
                 "FRAME_UNDECODABLE", framed(body + nested(100, f_varint(1, 1))))
    v.acceptable("a length-delimited field inside 100 nested unknown groups (field 2000), in HandoffOffer",
                 ["DeepNesting"], "DEC-12", "PAYLOAD_UNDECODABLE", with_payload(good + nested(100, f_len(1, b"x"), 2000)))
    return v


# ---------------------------------------------------------------------------
# broker-ack: the broker awaiting the HandoffAck (ACK-1)
# ---------------------------------------------------------------------------

def broker_ack():
    v = VectorFile("broker-ack", "broker_ack.json")

    def ack_frame(a, **kw):
        kw.setdefault("request_id", a["correlation_id"])
        kw.setdefault("kind", RESPONSE)
        return frame(payload=encode(ACK, a), **kw)

    base_ack = ack()
    base = ack_frame(base_ack)
    base_wire = wire_of(base)
    body = body_of(base)
    good = encode(ACK, base_ack)

    def with_payload(payload, request_id=CORR, **kw):
        return wire_of(frame(kind=RESPONSE, payload=payload, request_id=request_id, **kw))

    v.group("Valid ACKs and edge values (ACK-1)")
    v.valid("ACK: token 000102..0f echoed, accepted, correlation 300", ["Baseline"], "FRAMES-2", base, base_ack)
    a = ack(correlation_id=0)
    v.valid("correlation id 0 (request_id and correlation_id omitted)", ["EdgeValue"], "ACK-2", ack_frame(a), a,
            inputs={"correlation_id": 0})
    a = ack(correlation_id=U64)
    v.valid("correlation id 2^64-1", ["EdgeValue"], "ACK-3", ack_frame(a), a, inputs={"correlation_id": U64})
    a = ack(token=TFF)
    v.valid("all-ones token offered and echoed", ["EdgeValue"], "ACK-4", ack_frame(a), a, inputs={"token": TFF})
    a = ack(error_detail="ok")
    v.valid("accepted=true with error_detail 'ok'", ["DetailIgnored"], "ACK-5", ack_frame(a), a)
    a = ack(error_detail=NON_ASCII_NAME)
    v.valid("accepted=true with a non-ASCII error_detail", ["DetailIgnored", "EdgeValue"], "ACK-5",
            ack_frame(a), a)
    v.valid("deadline_unix_ms, traceparent and tracestate set", ["UncheckedEnvelopeField"], "ACK-1",
            ack_frame(base_ack, deadline_unix_ms=1, traceparent=TRACEPARENT, tracestate="k=v"), base_ack)
    v.valid("trailing bytes after the ACK stay unread", ["TrailingBytes"], "FRAME-9", base, base_ack,
            trailing=b"\x01\x05\x00\x00\x00")

    v.group("Frame layer (FRAME-*)")
    v.invalid("framing byte 2", ["FramingVersion"], "FRAMING_VERSION", b"\x02" + base_wire[1:])
    v.invalid("length 16 MiB + 1, no body", ["FrameTooLarge", "CapBoundary"], "FRAME_TOO_LARGE", header(CAP + 1))
    v.invalid("length 0xFFFFFFFF, no body", ["FrameTooLarge"], "FRAME_TOO_LARGE", header(U32))
    v.invalid("length exactly 16 MiB, then the stream ends", ["CapBoundary", "Truncated"], "TRUNCATED_BODY",
              header(CAP))
    v.invalid("empty stream (silent backend that closed)", ["Truncated"], "TRUNCATED_FRAMING_BYTE", b"")
    v.invalid("framing byte only", ["Truncated"], "TRUNCATED_LENGTH", base_wire[:1])
    v.invalid("framing byte and 3 length bytes", ["Truncated"], "TRUNCATED_LENGTH", base_wire[:4])
    v.invalid("header only", ["Truncated"], "TRUNCATED_BODY", base_wire[:5])
    v.invalid("half of the body", ["Truncated"], "TRUNCATED_BODY", base_wire[:5 + len(body) // 2])
    v.invalid("all but the last body byte", ["Truncated"], "TRUNCATED_BODY", base_wire[:-1])
    v.invalid("zero-length body", ["EmptyBody"], "ENVELOPE_VERSION", header(0))

    v.group("Undecodable Frame body (DEC-1, DEC-7)")
    v.invalid("wire type 6 (field 16)", ["UndecodableFrame"], "FRAME_UNDECODABLE", framed(body + key(16, 6)))
    v.invalid("field number 0", ["UndecodableFrame"], "FRAME_UNDECODABLE", framed(b"\x00\x00" + body))
    v.invalid("payload length overruns the body", ["UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(f_varint(1, 1) + f_varint(2, RESPONSE) + f_varint(3, HANDOFF) + b"\x22\x7f" + good))
    v.invalid("traceparent holds a UTF-16 surrogate", ["InvalidUtf8", "UndecodableFrame"], "FRAME_UNDECODABLE",
              framed(body + f_len(8, b"\xed\xa0\x80")))

    v.group("Envelope (ENV-1..ENV-4)")
    v.invalid("envelope_version 2", ["EnvelopeVersion"], "ENVELOPE_VERSION",
              wire_of(ack_frame(base_ack, envelope_version=2)))
    v.invalid("kind REQUEST (the offer frame sent back)", ["WrongKind"], "KIND",
              wire_of(ack_frame(base_ack, kind=REQUEST)))
    v.invalid("kind EVENT (a relay frame)", ["WrongKind"], "KIND", wire_of(ack_frame(base_ack, kind=EVENT)))
    v.invalid("kind CANCEL", ["WrongKind"], "KIND", wire_of(ack_frame(base_ack, kind=CANCEL)))
    v.invalid("kind 5 (unknown)", ["UnknownKind"], "KIND", wire_of(ack_frame(base_ack, kind=5)))
    v.invalid("payload_protocol 0xB232 (probe)", ["PayloadProtocol"], "PAYLOAD_PROTOCOL",
              wire_of(ack_frame(base_ack, payload_protocol=PROBE)))
    v.invalid("payload_protocol 0 (omitted)", ["PayloadProtocol"], "PAYLOAD_PROTOCOL",
              wire_of(ack_frame(base_ack, payload_protocol=0)))
    v.invalid("payload_encoding ZSTD", ["Compressed"], "COMPRESSED",
              wire_of(ack_frame(base_ack, payload_encoding=ZSTD)))
    v.invalid("payload_encoding 4 (unknown)", ["Compressed"], "COMPRESSED",
              wire_of(ack_frame(base_ack, payload_encoding=4)))

    v.group("Correlation (ACK-2, ACK-3)")
    v.invalid("frame request_id 301, offer correlation 300", ["AckFrameCorrelation"], "ACK_FRAME_CORRELATION",
              wire_of(ack_frame(base_ack, request_id=CORR + 1)))
    v.invalid("frame request_id omitted (0)", ["AckFrameCorrelation"], "ACK_FRAME_CORRELATION",
              wire_of(ack_frame(base_ack, request_id=0)))
    v.invalid("frame request_id 2^32+300 (64-bit compare)", ["AckFrameCorrelation"], "ACK_FRAME_CORRELATION",
              wire_of(ack_frame(base_ack, request_id=CORR + 2 ** 32)))
    a = ack(correlation_id=CORR + 1)
    v.invalid("HandoffAck correlation_id 301, frame request_id 300", ["AckCorrelation"], "ACK_CORRELATION",
              wire_of(ack_frame(a, request_id=CORR)))
    a = ack(correlation_id=0)
    v.invalid("HandoffAck correlation_id omitted (0)", ["AckCorrelation"], "ACK_CORRELATION",
              wire_of(ack_frame(a, request_id=CORR)))
    a = ack(correlation_id=CORR + 2 ** 32)
    v.invalid("HandoffAck correlation_id 2^32+300 (64-bit compare)", ["AckCorrelation"], "ACK_CORRELATION",
              wire_of(ack_frame(a, request_id=CORR)))

    v.group("Undecodable HandoffAck payload (DEC-2, DEC-7)")
    v.invalid("token field claims 16 bytes, 4 follow", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(b"\x0a\x10" + T0[:4]))
    v.invalid("wire type 7 in the payload", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(good + b"\x17"))
    v.invalid("11-byte varint in correlation_id", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(encode(ACK, ack(correlation_id=0)) + b"\x20" + b"\x80" * 10 + b"\x00"))
    v.invalid("refusal whose error_detail is an overlong encoding", ["InvalidUtf8", "UndecodablePayload"],
              "PAYLOAD_UNDECODABLE", with_payload(f_len(1, T0) + f_len(3, b"bad \xc0\xaf") + f_varint(4, CORR)))
    v.invalid("accepted ACK whose error_detail is a lone continuation byte", ["InvalidUtf8", "UndecodablePayload"],
              "PAYLOAD_UNDECODABLE", with_payload(good + f_len(3, b"\x80")))

    v.group("Token echo (ACK-4)")
    for tok, what in [(b"", "empty (token omitted)"), (T0[:15], "15 bytes (a prefix of the offered token)"),
                      (T0 + b"\x00", "17 bytes (the offered token plus a zero)"), (T1, "another token"),
                      (T0_LAST, "the offered token with the last byte changed"), (T0 + T0, "32 bytes")]:
        v.invalid("token echo " + what, ["TokenEcho"], "TOKEN_ECHO", wire_of(ack_frame(ack(token=tok))))

    v.group("Refusal (ACK-5) and lateness (ACK-6)")
    v.invalid("accepted=false, detail 'handoff token mismatch'", ["Refused"], "REFUSED",
              wire_of(ack_frame(ack(accepted=False, error_detail="handoff token mismatch"))))
    v.invalid("accepted=false without detail", ["Refused"], "REFUSED", wire_of(ack_frame(ack(accepted=False))))
    v.invalid("accepted=false written explicitly", ["Refused", "ExplicitDefault"], "REFUSED",
              with_payload(f_len(1, T0) + f_varint(2, 0) + f_varint(4, CORR)))
    v.invalid("valid ACK observed after the deadline", ["Late"], "LATE", base_wire, inputs={"deadline_passed": True})

    v.group("Check order: ENV-5 and ACK-1 (first failure wins)")
    v.invalid("envelope_version 0 and kind REQUEST", ["EnvelopeOrder"], "ENVELOPE_VERSION",
              wire_of(ack_frame(base_ack, envelope_version=0, kind=REQUEST)))
    v.invalid("payload_protocol 0xB232 and ZSTD", ["EnvelopeOrder"], "PAYLOAD_PROTOCOL",
              wire_of(ack_frame(base_ack, payload_protocol=PROBE, payload_encoding=ZSTD)))
    v.invalid("kind EVENT and request_id 301", ["CheckOrder"], "KIND",
              wire_of(ack_frame(base_ack, kind=EVENT, request_id=CORR + 1)))
    v.invalid("request_id 301 and a wrong token echo", ["CheckOrder"], "ACK_FRAME_CORRELATION",
              wire_of(ack_frame(ack(token=T1), request_id=CORR + 1)))
    v.invalid("request_id 301 and an undecodable payload: frame correlation before payload decode",
              ["CheckOrder"], "ACK_FRAME_CORRELATION", with_payload(b"\x0a\x10", request_id=CORR + 1))
    v.invalid("undecodable payload and past the deadline", ["CheckOrder"], "PAYLOAD_UNDECODABLE",
              with_payload(b"\x0a\x10"), inputs={"deadline_passed": True})
    v.invalid("HandoffAck correlation 301 and a wrong token echo", ["CheckOrder"], "ACK_CORRELATION",
              wire_of(ack_frame(ack(token=T1, correlation_id=CORR + 1), request_id=CORR)))
    v.invalid("wrong token echo and accepted=false", ["CheckOrder"], "TOKEN_ECHO",
              wire_of(ack_frame(ack(token=T1, accepted=False, error_detail="handoff token mismatch"))))
    v.invalid("wrong token echo and past the deadline", ["CheckOrder"], "TOKEN_ECHO",
              wire_of(ack_frame(ack(token=T1))), inputs={"deadline_passed": True})
    v.invalid("accepted=false and past the deadline", ["CheckOrder"], "REFUSED",
              wire_of(ack_frame(ack(accepted=False))), inputs={"deadline_passed": True})

    v.group("Decoder leniency (valid)")
    v.valid("unknown varint field 16 in Frame", ["UnknownField"], "DEC-3", base, base_ack,
            body=body + f_varint(16, 1))
    p = good + f_len(1000, b"future")
    v.valid("unknown length-delimited field 1000 in HandoffAck", ["UnknownField"], "DEC-3",
            ack_frame_raw(p), base_ack, body=body_of(ack_frame_raw(p)))
    p = f_varint(5, 1) + good + f_len(10, b"r")
    v.valid("reserved HandoffAck fields 5 and 10", ["ReservedField"], "DEC-3", ack_frame_raw(p), base_ack,
            body=body_of(ack_frame_raw(p)))
    v.valid("reserved Frame field 12 (fixed64)", ["ReservedField"], "DEC-3", base, base_ack,
            body=body + f_fixed64(12, 1))
    p = f_varint(2, 0) + good
    v.valid("accepted twice: false then true", ["DuplicateField"], "DEC-5", ack_frame_raw(p), base_ack,
            body=body_of(ack_frame_raw(p)))
    p = f_len(1, T1) + good
    v.valid("token twice: another token, then the offered one", ["DuplicateField"], "DEC-5", ack_frame_raw(p),
            base_ack, body=body_of(ack_frame_raw(p)))
    refusal = encode(ACK, ack(accepted=False, error_detail="handoff token mismatch"))
    v.valid("payload twice: a refusal, then the acceptance (replaced, not merged)", ["DuplicateField"], "DEC-5",
            base, base_ack, body=f_len(4, refusal) + body)
    p = f_varint(4, CORR) + f_varint(2, 1) + f_len(1, T0)
    v.valid("Frame and HandoffAck fields in descending order", ["ReorderedFields"], "DEC-9", ack_frame_raw(p),
            base_ack, body=f_varint(5, CORR) + f_len(4, p) + f_varint(3, HANDOFF) + f_varint(2, RESPONSE) +
            f_varint(1, 1))
    p = f_len(1, T0) + f_varint(2, 2) + f_varint(4, CORR)
    v.valid("accepted encoded as 2", ["NonCanonicalBool"], "ACK-5", ack_frame_raw(p), base_ack,
            body=body_of(ack_frame_raw(p)))
    p = f_len(1, T0) + f_varint(2, 2 ** 32) + f_varint(4, CORR)
    v.valid("accepted encoded as 2^32 (zero in its low 32 bits, still true)", ["NonCanonicalBool"], "ACK-5",
            ack_frame_raw(p), base_ack, body=body_of(ack_frame_raw(p)))
    v.valid("kind 2^32+1 reads as RESPONSE", ["OutOfRange32"], "DEC-4", base, base_ack,
            body=f_varint(1, 1) + f_varint(2, 2 ** 32 + 1) + body[4:])
    p = f_len(1, T0) + f_varint(2, 1, width=3) + f_varint(4, CORR, width=4)
    v.valid("zero-padded varints in HandoffAck and request_id", ["NonMinimalVarint"], "DEC-1", ack_frame_raw(p),
            base_ack, body=f_varint(1, 1) + f_varint(2, RESPONSE) + f_varint(3, HANDOFF) + f_len(4, p) +
            f_varint(5, CORR, width=6))

    v.group("Decoder divergence (acceptable)")
    v.acceptable("deadline_unix_ms (7) as length-delimited", ["WrongWireType"], "DEC-6", "FRAME_UNDECODABLE",
                 framed(body + f_len(7, b"\x01")))
    v.acceptable("error_detail (3) as a varint", ["WrongWireType"], "DEC-6", "PAYLOAD_UNDECODABLE",
                 with_payload(good + f_varint(3, 1)))
    v.acceptable("accepted (2) correct, then again as fixed32", ["WrongWireType"], "DEC-6", "PAYLOAD_UNDECODABLE",
                 with_payload(good + f_fixed32(2, 0)))
    v.acceptable("tag of request_id with bits above 32", ["OverlongTag"], "DEC-8", "FRAME_UNDECODABLE",
                 framed(body[:-3] + b"\xa8\x80\x80\x80\x30" + varint(CORR)))
    v.acceptable("tag of accepted with bits above 32, in HandoffAck", ["OverlongTag"], "DEC-8",
                 "PAYLOAD_UNDECODABLE", with_payload(f_len(1, T0) + b"\x90\x80\x80\x80\x10\x01" + f_varint(4, CORR)))

    v.group("Decoder divergence (acceptable: DEC-10 overflowing 10-byte varint)")
    v.acceptable("request_id as a 10-byte varint overflowing 64 bits, its low 64 bits the correlation id",
                 ["OverflowingVarint"], "DEC-10", "FRAME_UNDECODABLE",
                 framed(body[:-3] + key(5, VARINT) + overflowing(CORR)))
    v.acceptable("correlation_id as a 10-byte varint overflowing 64 bits, in HandoffAck", ["OverflowingVarint"],
                 "DEC-10", "PAYLOAD_UNDECODABLE",
                 with_payload(f_len(1, T0) + f_varint(2, 1) + key(4, VARINT) + overflowing(CORR)))

    v.group("Decoder divergence (acceptable: DEC-10 continuation bit, DEC-11 length over 32 bits, DEC-12 100 nested groups)")
    v.acceptable("deadline_unix_ms (7) as a 10-byte varint whose last byte 0x81 has the continuation bit",
                 ["OverflowingVarint"], "DEC-10", "FRAME_UNDECODABLE", framed(body + key(7, VARINT) + continued(2 ** 63)))
    v.acceptable("accepted (2) as a 10-byte varint whose last byte 0x81 has the continuation bit (true), in HandoffAck",
                 ["OverflowingVarint"], "DEC-10", "PAYLOAD_UNDECODABLE",
                 with_payload(f_len(1, T0) + key(2, VARINT) + continued(2 ** 63 + 1) + f_varint(4, CORR)))
    v.acceptable("unknown varint field 16 whose 10th byte is 0xff, in HandoffAck", ["OverflowingVarint"], "DEC-10",
                 "PAYLOAD_UNDECODABLE", with_payload(good + key(16, VARINT) + continued(U64, high=0x7E)))
    v.acceptable("reserved Frame field 10 with length 2^32 (empty for a 32-bit reader)", ["OverlongLength"], "DEC-11",
                 "FRAME_UNDECODABLE", framed(body + key(10, LEN) + overlong_len(b"")))
    v.acceptable("token (1) length 16 + 2^32, in HandoffAck", ["OverlongLength"], "DEC-11", "PAYLOAD_UNDECODABLE",
                 with_payload(key(1, LEN) + overlong_len(T0) + f_varint(2, 1) + f_varint(4, CORR)))
    v.acceptable("a varint field inside 100 nested unknown groups (field 16), in Frame", ["DeepNesting"], "DEC-12",
                 "FRAME_UNDECODABLE", framed(body + nested(100, f_varint(1, 1))))
    v.acceptable("a fixed32 field inside 100 nested unknown groups (field 16), in HandoffAck", ["DeepNesting"],
                 "DEC-12", "PAYLOAD_UNDECODABLE", with_payload(good + nested(100, f_fixed32(1, 0))))
    return v


def ack_frame_raw(payload, kind=RESPONSE, request_id=CORR):
    return frame(kind=kind, payload=payload, request_id=request_id)


# ---------------------------------------------------------------------------
# client-relay: the client reading the handoff-ready relay (RELAY-1)
# ---------------------------------------------------------------------------

def client_relay():
    v = VectorFile("client-relay", "client_relay.json")

    def relay_frame(a, **kw):
        kw.setdefault("request_id", a["correlation_id"])
        kw.setdefault("kind", EVENT)
        return frame(payload=encode(ACK, a), **kw)

    base_ack = ack()
    base = relay_frame(base_ack)
    base_wire = wire_of(base)
    body = body_of(base)
    good = encode(ACK, base_ack)

    def with_payload(payload, **kw):
        kw.setdefault("request_id", CORR)
        return wire_of(frame(kind=EVENT, payload=payload, **kw))

    v.group("Valid relays (RELAY-1, RELAY-4)")
    v.valid("relay of the backend's ACK: token 000102..0f, accepted, correlation 300", ["Baseline"], "FRAMES-3",
            base, base_ack)
    v.valid("request_id 1, HandoffAck correlation_id 300: not checked", ["CorrelationNotChecked"], "RELAY-4",
            relay_frame(base_ack, request_id=1), base_ack)
    a = ack(correlation_id=0)
    v.valid("request_id 2^64-1, HandoffAck correlation_id 0", ["CorrelationNotChecked", "EdgeValue"], "RELAY-4",
            relay_frame(a, request_id=U64), a)
    a = ack(correlation_id=U64)
    v.valid("request_id omitted (0), HandoffAck correlation_id 2^64-1", ["CorrelationNotChecked", "EdgeValue"],
            "RELAY-4", relay_frame(a, request_id=0), a)
    a = ack(error_detail="adopted")
    v.valid("accepted=true with error_detail 'adopted'", ["DetailIgnored"], "RELAY-3", relay_frame(a), a)
    a = ack(token=TFF)
    v.valid("all-ones negotiated token", ["EdgeValue"], "RELAY-2", relay_frame(a), a, inputs={"token": TFF})
    v.valid("deadline_unix_ms, traceparent and tracestate set", ["UncheckedEnvelopeField"], "RELAY-1",
            relay_frame(base_ack, deadline_unix_ms=U64, traceparent=TRACEPARENT, tracestate="a=b,c=d"), base_ack)
    v.valid("trailing bytes after the relay stay unread", ["TrailingBytes"], "FRAME-9", base, base_ack,
            trailing=b"\x01")

    v.group("Frame layer (FRAME-*)")
    v.invalid("framing byte 0", ["FramingVersion"], "FRAMING_VERSION", b"\x00" + base_wire[1:])
    v.invalid("length 0xFFFFFFFF", ["FrameTooLarge"], "FRAME_TOO_LARGE", header(U32) + body)
    v.invalid("length 16 MiB + 1", ["FrameTooLarge", "CapBoundary"], "FRAME_TOO_LARGE", header(CAP + 1))
    v.invalid("empty stream (broker wrote nothing)", ["Truncated"], "TRUNCATED_FRAMING_BYTE", b"")
    v.invalid("framing byte and 2 length bytes", ["Truncated"], "TRUNCATED_LENGTH", base_wire[:3])
    v.invalid("header only", ["Truncated"], "TRUNCATED_BODY", base_wire[:5])
    v.invalid("all but the last body byte", ["Truncated"], "TRUNCATED_BODY", base_wire[:-1])
    v.invalid("zero-length body", ["EmptyBody"], "ENVELOPE_VERSION", header(0))

    v.group("Undecodable Frame body (DEC-1, DEC-7)")
    v.invalid("wire type 7 (field 2)", ["UndecodableFrame"], "FRAME_UNDECODABLE", framed(body + b"\x17"))
    v.invalid("field number 0", ["UndecodableFrame"], "FRAME_UNDECODABLE", framed(body + b"\x00\x00"))
    v.invalid("tracestate holds a code point above U+10FFFF", ["InvalidUtf8", "UndecodableFrame"],
              "FRAME_UNDECODABLE", framed(body + f_len(9, b"\xf4\x90\x80\x80")))

    v.group("Envelope (ENV-1..ENV-4)")
    v.invalid("envelope_version 2", ["EnvelopeVersion"], "ENVELOPE_VERSION",
              wire_of(relay_frame(base_ack, envelope_version=2)))
    v.invalid("kind RESPONSE (the backend's ACK frame, not a relay)", ["WrongKind"], "KIND",
              wire_of(relay_frame(base_ack, kind=RESPONSE)))
    v.invalid("kind REQUEST", ["WrongKind"], "KIND", wire_of(relay_frame(base_ack, kind=REQUEST)))
    v.invalid("kind CANCEL", ["WrongKind"], "KIND", wire_of(relay_frame(base_ack, kind=CANCEL)))
    v.invalid("kind 9 (unknown)", ["UnknownKind"], "KIND", wire_of(relay_frame(base_ack, kind=9)))
    v.invalid("payload_protocol 0xD0FE", ["PayloadProtocol"], "PAYLOAD_PROTOCOL",
              wire_of(relay_frame(base_ack, payload_protocol=0xD0FE)))
    v.invalid("payload_protocol 0x5350 (session)", ["PayloadProtocol"], "PAYLOAD_PROTOCOL",
              wire_of(relay_frame(base_ack, payload_protocol=SESSION)))
    v.invalid("payload_encoding SNAPPY", ["Compressed"], "COMPRESSED",
              wire_of(relay_frame(base_ack, payload_encoding=SNAPPY)))
    v.invalid("payload_encoding LZ4", ["Compressed"], "COMPRESSED",
              wire_of(relay_frame(base_ack, payload_encoding=LZ4)))

    v.group("Undecodable HandoffAck payload (DEC-2, DEC-7)")
    v.invalid("payload cut inside the token", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(good[:9]))
    v.invalid("11-byte varint in accepted", ["UndecodablePayload"], "PAYLOAD_UNDECODABLE",
              with_payload(f_len(1, T0) + b"\x10" + b"\x81" + b"\x80" * 9 + b"\x00"))
    v.invalid("error_detail holds a truncated 3-byte sequence", ["InvalidUtf8", "UndecodablePayload"],
              "PAYLOAD_UNDECODABLE", with_payload(good + f_len(3, b"x\xe2\x82")))

    v.group("Token echo (RELAY-2) and refusal (RELAY-3)")
    for tok, what in [(b"", "empty"), (T0[:15], "15 bytes"), (T1, "another token"),
                      (T0_FIRST, "the negotiated token with the first byte changed"), (T0 + T0, "32 bytes")]:
        v.invalid("token echo " + what, ["TokenEcho"], "TOKEN_ECHO", wire_of(relay_frame(ack(token=tok))))
    v.invalid("accepted=false, detail 'handoff token expired'", ["Refused"], "REFUSED",
              wire_of(relay_frame(ack(accepted=False, error_detail="handoff token expired"))))
    v.invalid("accepted=false without detail", ["Refused"], "REFUSED", wire_of(relay_frame(ack(accepted=False))))

    v.group("Check order: ENV-5 and RELAY-1 (first failure wins)")
    v.invalid("envelope_version 2 and kind RESPONSE", ["EnvelopeOrder"], "ENVELOPE_VERSION",
              wire_of(relay_frame(base_ack, envelope_version=2, kind=RESPONSE)))
    v.invalid("kind RESPONSE and payload_protocol 0", ["EnvelopeOrder"], "KIND",
              wire_of(relay_frame(base_ack, kind=RESPONSE, payload_protocol=0)))
    v.invalid("kind RESPONSE and an undecodable payload", ["CheckOrder"], "KIND",
              wire_of(frame(kind=RESPONSE, payload=b"\x0a\x10", request_id=CORR)))
    v.invalid("ZSTD and a wrong token echo", ["CheckOrder"], "COMPRESSED",
              wire_of(relay_frame(ack(token=T1), payload_encoding=ZSTD)))
    v.invalid("undecodable payload and request_id 5 (never checked)", ["CheckOrder"], "PAYLOAD_UNDECODABLE",
              with_payload(b"\x0a\x10", request_id=5))
    v.invalid("wrong token echo and accepted=false", ["CheckOrder"], "TOKEN_ECHO",
              wire_of(relay_frame(ack(token=T1, accepted=False, error_detail="handoff token mismatch"))))

    v.group("Decoder leniency (valid)")
    p = good + f_varint(1000, 1)
    v.valid("unknown varint field 1000 in HandoffAck", ["UnknownField"], "DEC-3", ack_frame_raw(p, EVENT),
            base_ack, body=body_of(ack_frame_raw(p, EVENT)))
    p = good + f_fixed32(7, 7)
    v.valid("reserved HandoffAck field 7 (fixed32)", ["ReservedField"], "DEC-3", ack_frame_raw(p, EVENT),
            base_ack, body=body_of(ack_frame_raw(p, EVENT)))
    v.valid("kind twice: RESPONSE then EVENT", ["DuplicateField"], "DEC-5", base, base_ack,
            body=body + f_varint(2, RESPONSE) + f_varint(2, EVENT))
    p = f_len(1, T1) + good
    v.valid("token twice: another token, then the negotiated one", ["DuplicateField"], "DEC-5",
            ack_frame_raw(p, EVENT), base_ack, body=body_of(ack_frame_raw(p, EVENT)))
    p = f_varint(4, CORR) + f_varint(2, 1) + f_len(1, T0)
    v.valid("Frame and HandoffAck fields in descending order", ["ReorderedFields"], "DEC-9",
            ack_frame_raw(p, EVENT), base_ack, body=f_varint(5, CORR) + f_len(4, p) + f_varint(3, HANDOFF) +
            f_varint(2, EVENT) + f_varint(1, 1))
    v.valid("kind 2^32+2 reads as EVENT", ["OutOfRange32"], "DEC-4", base, base_ack,
            body=f_varint(1, 1) + f_varint(2, 2 ** 32 + 2) + body[4:])
    p = f_len(1, T0) + f_varint(2, 2) + f_varint(4, CORR)
    v.valid("accepted encoded as 2", ["NonCanonicalBool"], "RELAY-3", ack_frame_raw(p, EVENT), base_ack,
            body=body_of(ack_frame_raw(p, EVENT)))

    v.group("Decoder divergence (acceptable)")
    v.acceptable("tracestate (9) as a varint", ["WrongWireType"], "DEC-6", "FRAME_UNDECODABLE",
                 framed(body + f_varint(9, 3)))
    v.acceptable("token (1) correct, then again as fixed64", ["WrongWireType"], "DEC-6", "PAYLOAD_UNDECODABLE",
                 with_payload(good + f_fixed64(1, 0)))
    v.acceptable("tag of the HandoffAck token with bits above 32", ["OverlongTag"], "DEC-8", "PAYLOAD_UNDECODABLE",
                 with_payload(b"\x8a\x80\x80\x80\x70" + varint(16) + T0 + f_varint(2, 1) + f_varint(4, CORR)))

    v.group("Decoder divergence (acceptable: DEC-10 overflowing 10-byte varint)")
    v.acceptable("deadline_unix_ms (7) as a 10-byte varint overflowing 64 bits", ["OverflowingVarint"], "DEC-10",
                 "FRAME_UNDECODABLE", framed(body + key(7, VARINT) + overflowing(1)))

    v.group("Decoder divergence (acceptable: DEC-10 continuation bit, DEC-11 length over 32 bits, DEC-12 100 nested groups)")
    v.acceptable("request_id (5, not checked) as a 10-byte varint whose last byte 0x81 has the continuation bit",
                 ["OverflowingVarint"], "DEC-10", "FRAME_UNDECODABLE",
                 framed(body[:-3] + key(5, VARINT) + continued(2 ** 63 + CORR)))
    v.acceptable("unknown varint field 12 whose 10th byte is 0xff, in HandoffAck", ["OverflowingVarint"], "DEC-10",
                 "PAYLOAD_UNDECODABLE", with_payload(good + key(12, VARINT) + continued(U64, high=0x7E)))
    v.acceptable("tracestate (9) length 3 + 2^32", ["OverlongLength"], "DEC-11", "FRAME_UNDECODABLE",
                 framed(body + key(9, LEN) + overlong_len(b"a=b")))
    v.acceptable("error_detail (3) length 7 + 2^32 with accepted=true, in HandoffAck", ["OverlongLength"], "DEC-11",
                 "PAYLOAD_UNDECODABLE", with_payload(good + key(3, LEN) + overlong_len(b"adopted")))
    v.acceptable("a fixed64 field inside 100 nested unknown groups (field 16), in Frame", ["DeepNesting"], "DEC-12",
                 "FRAME_UNDECODABLE", framed(body + nested(100, f_fixed64(1, 0))))
    v.acceptable("a varint field inside 100 nested unknown groups (field 16), in HandoffAck", ["DeepNesting"], "DEC-12",
                 "PAYLOAD_UNDECODABLE", with_payload(good + nested(100, f_varint(1, 1))))
    return v


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def render(doc):
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"


def identity(test):
    """What must never change for an existing tcId."""
    keep = ("wire_hex", "token_hex", "correlation_id", "expected_token_hex", "expected_token_state",
            "deadline_passed", "result", "reason")
    return {k: test.get(k) for k in keep}


def tests_by_id(doc):
    return {t["tcId"]: t for g in doc["testGroups"] for t in g["tests"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk; write nothing")
    parser.add_argument("--force", action="store_true", help="allow changing an existing tcId (fixing a vector)")
    parser.add_argument("--out", default=HERE, help="directory of the vector files (default: next to this script)")
    args = parser.parse_args()

    status = 0
    for build in (backend_offer, broker_ack, client_relay):
        vf = build()
        doc = vf.document()
        text = render(doc)
        path = os.path.join(args.out, vf.filename)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if args.check:
            if old != text:
                print("%s: differs from what generate.py produces (run python3 vectors/generate.py)" % path)
                status = 1
            else:
                print("%s: up to date (%d vectors)" % (path, doc["numberOfTests"]))
            continue
        if old is not None and not args.force:
            previous = tests_by_id(json.loads(old))
            current = tests_by_id(doc)
            changed = [tc for tc, t in previous.items() if tc not in current or identity(current[tc]) != identity(t)]
            if changed:
                print("%s: refusing to change existing tcIds %s (append new cases at the end; --force to fix a "
                      "wrong vector)" % (path, changed[:20]), file=sys.stderr)
                status = 2
                continue
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("%s: %d vectors" % (path, doc["numberOfTests"]))
    return status


if __name__ == "__main__":
    sys.exit(main())
