package io.handoffkit.conformance.runner.suite.client;

import static io.handoffkit.conformance.spec.RequirementId.RELAY_1;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import io.handoffkit.conformance.property.CoverageError;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.PropertyFailedError;
import io.handoffkit.conformance.property.PropertyReport;
import io.handoffkit.conformance.property.PropertyRunner;
import io.handoffkit.conformance.runner.drive.brokerbackend.Session.Relay;
import io.handoffkit.conformance.runner.drive.brokerbackend.Visit;
import io.handoffkit.conformance.runner.model.CaseVerdict;
import io.handoffkit.conformance.runner.model.Outcome;
import io.handoffkit.conformance.runner.model.RunOptions;
import io.handoffkit.conformance.runner.model.Scenario;
import io.handoffkit.conformance.runner.model.ScenarioContext;
import io.handoffkit.proto.v1.PayloadEncoding;
import java.io.IOException;
import java.util.List;

/**
 * The client suite's property-driven case: generated relay defects, one class per try (a framing
 * byte, a cut, a wrong value of one checked field, a refusal), each played against the client under
 * test through the property core ({@code PropertyRunner}, as the broker suite's); a failing try is
 * shrunk against the client itself (towards the first class and the smallest magnitude).
 * {@code --seed} and {@code --tries} reproduce a run.
 */
final class ClientProperties {

    /** At most this many sessions per property (each is a real handoff with a real descriptor). */
    static final int MAX_TRIES = 30;

    /** One generated defect: its class, the generated magnitude, and the relay it makes. */
    record Defect(String kind, long size, Relay relay) {
        @Override
        public String toString() {
            return kind + " (" + size + ")";
        }
    }

    private ClientProperties() {}

    static List<Scenario<?>> scenarios() {
        return List.of(new Scenario<Outcome>(ClientSuite.PREFIX, "generated relay defects", ClientSection.PROPERTIES, ClientProperties::run)
                .checkGenerated(RELAY_1, 1, "every generated relay defect (framing byte, cut, envelope, token, refusal) is rejected and the client "
                        + "falls back through backend_pipe; a failure is shrunk", (o, ctx) -> o));
    }

    static Outcome run(ScenarioContext ctx) {
        RunOptions o = ctx.options();
        int tries = Math.min(o.tries(), MAX_TRIES);
        int[] sessions = {0};
        Property<Defect> property = Property.forAll("generated relay defects against the client under test", ClientProperties::generate)
                .describedBy(Defect::toString)
                .check((d, coverage) -> {
                    coverage.label(d.kind());
                    sessions[0]++;
                    Outcome outcome = judge(ctx, d);
                    PropertyAssertionError.check(outcome.verdict() != CaseVerdict.FAILED, d.kind(), d + ": " + outcome.message());
                });
        PropertyRunner runner = PropertyRunner.of(tries, o.seed()).withShrinkBudget(o.shrinkEvaluations(), o.shrinkTime()).withOutput(ctx.log());
        try {
            PropertyReport report = runner.run(property);
            return Outcome.pass(report.tries() + " generated relay defects were rejected (" + sessions[0] + " sessions, seed " + o.seed() + ")");
        } catch (CoverageError e) {
            return Outcome.pass(tries + " generated relay defects were rejected (seed " + o.seed() + "); note: classes not generated: " + e.missing());
        } catch (PropertyFailedError e) {
            return Outcome.fail(e.getMessage().strip() + "\n  (" + sessions[0] + " real sessions, shrinking included; the same --seed and --tries reproduce it)");
        }
    }

    static String[] kinds() {
        return new String[] {"framing byte", "cut", "envelope_version", "kind", "payload_protocol", "payload_encoding", "token", "accepted"};
    }

    /** A defect of {@code kind} with magnitude {@code size} (1 is the smallest). */
    static Defect of(String kind, long size) {
        return new Defect(kind, size, switch (kind) {
            case "framing byte" -> Relays.bytes("framing byte " + ((1 + size) & 0xFF), w -> {
                w[0] = (byte) (1 + size);
                return w;
            });
            case "cut" -> Relays.bytes("a relay missing its last " + size + " bytes, then end of stream",
                    w -> Relays.cut(w, (int) (w.length - size))).thenEnd();
            case "envelope_version" -> Relays.frame("envelope_version " + (1 + size), f -> f.setEnvelopeVersion((int) (1 + size)));
            case "kind" -> Relays.frame("kind " + (2 + size), f -> f.setKindValue((int) (2 + size == 2 ? 3 : 2 + size)));
            case "payload_protocol" -> Relays.frame("payload_protocol 0xD0FF+" + size, f -> f.setPayloadProtocol((int) (0xD0FF + size)));
            case "payload_encoding" -> Relays.frame("payload_encoding " + size, f -> f.setPayloadEncodingValue((int) size));
            case "token" -> Relays.payload("a token with " + size + " flipped bytes", a -> {
                byte[] t = a.getToken().toByteArray();
                for (int i = 0; i < Math.min(size, t.length); i++) {
                    t[t.length - 1 - i] ^= (byte) 0xA5;
                }
                return a.setToken(ByteString.copyFrom(t));
            });
            default -> Relays.payload("accepted=false, error_detail of " + size + " bytes",
                    a -> a.setAccepted(false).setErrorDetail("x".repeat((int) size)));
        });
    }

    /** A defect from the property core's data: its class, then its magnitude (both shrink towards the first and the smallest). */
    static Defect generate(FuzzedDataProvider data) {
        String kind = kinds()[data.consumeInt(0, kinds().length - 1)];
        int max = switch (kind) {
            case "framing byte" -> 254;
            case "cut" -> 20;
            case "payload_encoding" -> PayloadEncoding.values().length - 2;
            case "token" -> 16;
            case "accepted" -> 64;
            default -> 1 << 16;
        };
        return of(kind, data.consumeInt(1, max));
    }

    static Outcome judge(ScenarioContext ctx, Defect d) throws IOException {
        Visit v = ClientSuite.play(ctx, ClientSuite.handoff(d.relay()));
        Outcome used = ClientChecks.notAdopted().judge(v, ctx);
        return used.verdict() == CaseVerdict.FAILED ? used : ClientChecks.fellBack().judge(v, ctx);
    }
}
