package io.handoffkit.conformance.runner.suite.broker;

import static io.handoffkit.conformance.spec.RequirementId.ACK_1;
import static io.handoffkit.conformance.spec.RequirementId.RELAY_6;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import io.handoffkit.conformance.property.CoverageError;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.PropertyFailedError;
import io.handoffkit.conformance.property.PropertyReport;
import io.handoffkit.conformance.property.PropertyRunner;
import io.handoffkit.conformance.runner.drive.clientbackend.Observed;
import io.handoffkit.conformance.runner.drive.clientbackend.Offered;
import io.handoffkit.conformance.runner.drive.clientbackend.Reply;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.proto.v1.PayloadEncoding;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The broker suite's property-driven cases: generated ACK defects, one class per try (a wrong value
 * of one checked field, a truncation at a generated length, a framing byte), each played against
 * the broker under test through the property core ({@code PropertyRunner}, as the backend suite's
 * property-driven cases); a failing try is shrunk against the broker itself (towards the first
 * class and the smallest magnitude: the value nearest the right one, the shortest cut).
 * {@code --seed} and {@code --tries} reproduce a run.
 */
final class BrokerProperties {

    /** At most this many handoffs per property (each is a real handoff with a real descriptor). */
    static final int MAX_TRIES = 40;

    /** One generated defect: its class, the generated magnitude, and how it changes the valid ACK. */
    record Defect(String kind, long size, Function<Offered, Reply> answer) {
        @Override
        public String toString() {
            return kind + " (" + size + ")";
        }
    }

    private BrokerProperties() {}

    static List<Scenario<?>> scenarios() {
        return List.of(new Scenario<Outcome>(BrokerSuite.PREFIX, "generated ACK defects", BrokerSection.PROPERTIES, BrokerProperties::run)
                .checkGenerated(ACK_1, 1, "every generated ACK defect (framing byte, truncation, envelope, correlation, token) gets no relay "
                        + "and the client connection closed; a failure is shrunk", (o, ctx) -> o)
                .checkGenerated(RELAY_6, 1, "the broker relays only success: no generated defect is relayed", (o, ctx) -> o.verdict() == CaseVerdict.FAILED
                        && o.message().contains("relay") ? o : o.verdict() == CaseVerdict.FAILED ? Outcome.pass("no relay (the other failure is ACK-1's)") : o));
    }

    static Outcome run(ScenarioContext ctx) {
        RunOptions o = ctx.options();
        int tries = Math.min(o.tries(), MAX_TRIES);
        int[] handoffs = {0};
        Property<Defect> property = Property.forAll("generated ACK defects against the broker under test", BrokerProperties::generate)
                .describedBy(Defect::toString)
                .check((d, coverage) -> {
                    coverage.label(d.kind());
                    handoffs[0]++;
                    Outcome outcome = judge(ctx, d);
                    PropertyAssertionError.check(outcome.verdict() != CaseVerdict.FAILED, d.kind(), d + ": " + outcome.message());
                });
        PropertyRunner runner = PropertyRunner.of(tries, o.seed()).withShrinkBudget(o.shrinkEvaluations(), o.shrinkTime()).withOutput(ctx.log());
        try {
            PropertyReport report = runner.run(property);
            return Outcome.pass(report.tries() + " generated ACK defects got no relay (" + handoffs[0] + " handoffs, seed " + o.seed() + ")");
        } catch (CoverageError e) {
            return Outcome.pass(tries + " generated ACK defects got no relay (seed " + o.seed() + "); note: classes not generated: " + e.missing());
        } catch (PropertyFailedError e) {
            return Outcome.fail(e.getMessage().strip() + "\n  (" + handoffs[0] + " real handoffs, shrinking included; the same --seed and --tries reproduce it)");
        }
    }

    static String[] kinds() {
        return new String[] {"framing byte", "truncation", "envelope_version", "kind", "payload_protocol", "payload_encoding", "frame request_id",
            "ACK correlation_id", "token"};
    }

    /** A defect of {@code kind} with magnitude {@code size} (1 is the smallest). */
    static Defect of(String kind, long size) {
        return new Defect(kind, size, switch (kind) {
            case "framing byte" -> Acks.framingByte((int) (1 + size) & 0xFF);
            case "truncation" -> o -> {
                byte[] w = Acks.validBytes(o);
                int keep = (int) Math.max(0, w.length - size);
                return Reply.of(java.util.Arrays.copyOf(w, keep), "an ACK cut to " + keep + " bytes").thenHangUp();
            };
            case "envelope_version" -> Acks.frame("envelope_version " + (1 + size), f -> f.setEnvelopeVersion((int) (1 + size)));
            case "kind" -> Acks.frame("kind " + (1 + size), f -> f.setKindValue((int) ((1 + size) % 2 == 1 ? 1 + size + 1 : 1 + size)));
            case "payload_protocol" -> Acks.frame("payload_protocol 0xD0FF+" + size, f -> f.setPayloadProtocol((int) (0xD0FF + size)));
            case "payload_encoding" -> Acks.frame("payload_encoding " + size, f -> f.setPayloadEncodingValue((int) size));
            case "frame request_id" -> Acks.frame("request_id + " + size, f -> f.setRequestId(f.getRequestId() + size));
            case "ACK correlation_id" -> Acks.payload("correlation_id + " + size, a -> a.setCorrelationId(a.getCorrelationId() + size));
            default -> Acks.payload("token with " + size + " flipped bytes", a -> {
                byte[] t = a.getToken().toByteArray();
                for (int i = 0; i < Math.min(size, t.length); i++) {
                    t[t.length - 1 - i] ^= (byte) 0xA5;
                }
                return a.setToken(ByteString.copyFrom(t));
            });
        });
    }

    /** A defect from the property core's data: its class, then its magnitude (both shrink towards the first and the smallest). */
    static Defect generate(FuzzedDataProvider data) {
        String kind = kinds()[data.consumeInt(0, kinds().length - 1)];
        int max = switch (kind) {
            case "framing byte" -> 254;
            case "truncation" -> 20;
            case "payload_encoding" -> PayloadEncoding.values().length - 2;
            case "token" -> 16;
            default -> 1 << 16;
        };
        return of(kind, data.consumeInt(1, max));
    }

    static Outcome judge(ScenarioContext ctx, Defect d) throws IOException {
        Observed o = BrokerSuite.play(ctx, BrokerSuite.failing(Hellos.valid(true), d.answer()));
        Outcome relay = BrokerChecks.noRelay().judge(o, ctx);
        if (relay.verdict() == CaseVerdict.FAILED) {
            return relay;
        }
        return BrokerChecks.endOfStream().judge(o, ctx);
    }
}
