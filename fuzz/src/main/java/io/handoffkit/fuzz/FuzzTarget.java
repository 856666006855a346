package io.handoffkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.fuzz.targets.BackendTargets;
import io.handoffkit.fuzz.targets.BookkeepingTarget;
import io.handoffkit.fuzz.targets.BrokerTargets;
import io.handoffkit.fuzz.targets.ClientTargets;
import io.handoffkit.fuzz.targets.DifferentialTargets;
import io.handoffkit.fuzz.targets.FrameReaderTarget;
import io.handoffkit.fuzz.targets.PropertyTargets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fuzz targets: a stable name (what {@code handoff-kit fuzz --target} and
 * OSS-Fuzz call it), the JUnit {@code @FuzzTest} that runs it (class in
 * {@code src/test/java/io/handoffkit/fuzz}, method), the golden-vector role
 * its seeds come from, and its logic. The {@code @FuzzTest} methods, the CLI's
 * target table and the OSS-Fuzz entry point all go through this list; a test
 * keeps the three in step.
 */
public enum FuzzTarget {

    FRAME_READER("frame-reader", "FrameFuzz", "frameReader", Seeds.ALL_ROLES,
            "frame layer over a socket-like stream: framing byte, length, cap, EOF, short reads, resets",
            FrameReaderTarget::fuzz),
    OFFER_READ("offer-read", "BackendFuzz", "offerRead", Seeds.BACKEND_OFFER,
            "backend: read one HandoffOffer (frame, Frame, envelope REQUEST, payload, correlation)",
            data -> BackendTargets.offerRead(data.consumeRemainingAsBytes())),
    OFFER_SERVE("offer-serve", "BackendFuzz", "offerServe", Seeds.BACKEND_OFFER,
            "backend serve step: read the offer, judge the token against a fixed expected token, write the ACK",
            data -> BackendTargets.offerServe(data.consumeRemainingAsBytes())),
    ACK_CHECK("ack-check", "BrokerFuzz", "ackCheck", Seeds.BROKER_ACK,
            "broker: check the HandoffAck against a fixed token and correlation id, with deadlines",
            BrokerTargets::ackCheck),
    RELAY_CHECK("relay-check", "ClientFuzz", "relayCheck", Seeds.CLIENT_RELAY,
            "client: check the handoff-ready relay against a fixed negotiated token",
            data -> ClientTargets.relayCheck(data.consumeRemainingAsBytes())),
    TOKEN_REGISTRY("token-registry", "BookkeepingFuzz", "tokenStoreAndRegistry", Seeds.NONE,
            "token store + ACK registry: operation sequences with a manual clock, against a model",
            BookkeepingTarget::fuzz),
    PROPERTIES_BACKEND_OFFER("properties-backend-offer", "PropertyFuzz", "backendOfferProperties", Seeds.NONE,
            "the backend-offer properties (valid exchanges, every single defect, check order) through their generators",
            data -> PropertyTargets.fuzz(Role.BACKEND_OFFER, data)),
    PROPERTIES_BROKER_ACK("properties-broker-ack", "PropertyFuzz", "brokerAckProperties", Seeds.NONE,
            "the broker-ack properties through their generators",
            data -> PropertyTargets.fuzz(Role.BROKER_ACK, data)),
    PROPERTIES_CLIENT_RELAY("properties-client-relay", "PropertyFuzz", "clientRelayProperties", Seeds.NONE,
            "the client-relay properties through their generators",
            data -> PropertyTargets.fuzz(Role.CLIENT_RELAY, data)),
    DIFFERENTIAL_BACKEND_OFFER("differential-backend-offer", "DifferentialFuzz", "backendOffer", Seeds.BACKEND_OFFER, Peer.UPSTREAM,
            "backend-offer verdicts of the reference and of upstream 4.5.5 (oracle-vectors) agree, acceptable decoder divergences aside",
            data -> DifferentialTargets.run(Role.BACKEND_OFFER, data.consumeRemainingAsBytes())),
    DIFFERENTIAL_BROKER_ACK("differential-broker-ack", "DifferentialFuzz", "brokerAck", Seeds.BROKER_ACK, Peer.UPSTREAM,
            "broker-ack verdicts of the reference and of upstream 4.5.5 agree, acceptable decoder divergences aside",
            data -> DifferentialTargets.run(Role.BROKER_ACK, data.consumeRemainingAsBytes())),
    DIFFERENTIAL_CLIENT_RELAY("differential-client-relay", "DifferentialFuzz", "clientRelay", Seeds.CLIENT_RELAY, Peer.UPSTREAM,
            "client-relay verdicts of the reference and of upstream 4.5.5 agree, acceptable decoder divergences aside",
            data -> DifferentialTargets.run(Role.CLIENT_RELAY, data.consumeRemainingAsBytes()));

    /** Package of the {@code @FuzzTest} classes (and so of their {@code <Class>Inputs/<method>/} directories). */
    public static final String TEST_PACKAGE = "io.handoffkit.fuzz";

    /** Which golden vectors seed a target. */
    public enum Seeds {
        /** every vector of every role, as a raw stream (plus the control bytes) */
        ALL_ROLES,
        BACKEND_OFFER,
        BROKER_ACK,
        CLIENT_RELAY,
        /** the input is not wire bytes (an operation sequence, generator choices): no vector fits */
        NONE;

        public Optional<Role> role() {
            return switch (this) {
                case BACKEND_OFFER -> Optional.of(Role.BACKEND_OFFER);
                case BROKER_ACK -> Optional.of(Role.BROKER_ACK);
                case CLIENT_RELAY -> Optional.of(Role.CLIENT_RELAY);
                default -> Optional.empty();
            };
        }
    }

    /** What a target needs besides this module. */
    public enum Peer {
        /** nothing: the reference runs in process */
        NONE,
        /** the upstream peer's binaries ({@link io.handoffkit.conformance.upstream.UpstreamPeer}) */
        UPSTREAM
    }

    private final String id;
    private final String testClass;
    private final String method;
    private final Seeds seeds;
    private final Peer peer;
    private final String description;
    private final Consumer<FuzzedDataProvider> logic;

    FuzzTarget(String id, String testClass, String method, Seeds seeds, String description, Consumer<FuzzedDataProvider> logic) {
        this(id, testClass, method, seeds, Peer.NONE, description, logic);
    }

    FuzzTarget(String id, String testClass, String method, Seeds seeds, Peer peer, String description,
               Consumer<FuzzedDataProvider> logic) {
        this.id = id;
        this.testClass = testClass;
        this.method = method;
        this.seeds = seeds;
        this.peer = peer;
        this.description = description;
        this.logic = logic;
    }

    public String id() {
        return id;
    }

    /** Simple name of the {@code @FuzzTest} class. */
    public String testClass() {
        return testClass;
    }

    public String qualifiedTestClass() {
        return TEST_PACKAGE + "." + testClass;
    }

    public String method() {
        return method;
    }

    public Seeds seeds() {
        return seeds;
    }

    public String description() {
        return description;
    }

    /** Where Jazzer looks for this target's inputs, relative to a classpath root or {@code src/test/resources}. */
    public String inputsDirectory() {
        return TEST_PACKAGE.replace('.', '/') + "/" + testClass + "Inputs/" + method;
    }

    /** Runs the target once on Jazzer's data (the OSS-Fuzz entry point's path; the @FuzzTest methods call the logic directly). */
    public void run(FuzzedDataProvider data) {
        logic.accept(data);
    }

    public static Optional<FuzzTarget> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<FuzzTarget> all() {
        return List.of(values());
    }

    /**
     * Lists the targets for scripts (ci/oss-fuzz/build.sh): name, test selector, inputs directory; tab-separated.
     * Targets that need the upstream peer are left out: an OSS-Fuzz build has no peer.
     */
    public static void main(String[] args) {
        for (FuzzTarget t : values()) {
            if (t.peer != Peer.NONE) {
                continue;
            }
            System.out.println(t.id + "\t" + t.qualifiedTestClass() + "#" + t.method + "\t" + t.inputsDirectory());
        }
    }
}
