package io.handoffkit.broker;

import io.handoffkit.proto.v1.Frame;
import io.handoffkit.proto.v1.HandoffAck;

/** A valid, accepted, timely ACK and the instant (clock nanos) the broker observed it. */
public record AckReceived(Frame frame, HandoffAck ack, long observedAtNanos) {}
