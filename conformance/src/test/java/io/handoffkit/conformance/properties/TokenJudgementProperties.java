package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.SUT;
import static io.handoffkit.conformance.properties.Suite.check;

import io.handoffkit.backend.TokenJudgement;
import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.Property;
import io.handoffkit.conformance.property.PropertyAssertionError;
import io.handoffkit.conformance.property.gen.Defect;
import io.handoffkit.conformance.property.gen.DefectCase;
import io.handoffkit.conformance.property.gen.DefectCases;
import io.handoffkit.conformance.property.gen.Values;
import io.handoffkit.conformance.property.suite.HandoffProperties;
import io.handoffkit.conformance.verdict.Role;
import io.handoffkit.token.Token;
import io.handoffkit.token.TokenStore;
import io.handoffkit.wire.ReasonCode;
import io.handoffkit.wire.Rejection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC "Token judgement": the backend judges the presented token's shape, then asks the token store. */
@DisplayName("Token judgement (OFFER-4, OFFER-5, TOKEN)")
class TokenJudgementProperties {

    private static final Role ROLE = Role.BACKEND_OFFER;
    private static final List<Defect> TOKEN_DEFECTS = List.of(
            Defect.TOKEN_MISSING, Defect.TOKEN_LENGTH, Defect.TOKEN_NOT_PENDING, Defect.TOKEN_EXPIRED, Defect.TOKEN_MISMATCH);

    @Test
    @DisplayName("OFFER-4 an offer without a token is rejected as TOKEN_MISSING")
    @Proves("OFFER-4")
    void missing() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_MISSING, SUT));
    }

    @Test
    @DisplayName("OFFER-5 a token shorter or longer than 16 bytes is rejected as TOKEN_LENGTH, naming its length")
    @Proves("OFFER-5")
    void wrongLength() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_LENGTH, SUT));
    }

    @Test
    @DisplayName("TOKEN-2 a token already consumed (a replay) is rejected as TOKEN_NOT_PENDING")
    @Proves("TOKEN-2")
    void notPending() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_NOT_PENDING, SUT));
    }

    @Test
    @DisplayName("TOKEN-3 a token past its TTL is rejected as TOKEN_EXPIRED")
    @Proves("TOKEN-3")
    void expired() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_EXPIRED, SUT));
    }

    @Test
    @DisplayName("TOKEN-4 a 16-byte token that differs (even in one bit) is rejected as TOKEN_MISMATCH")
    @Proves("TOKEN-4")
    void mismatch() {
        check(HandoffProperties.defect(ROLE, Defect.TOKEN_MISMATCH, SUT));
    }

    @Test
    @DisplayName("OFFER-4/5 and TOKEN-2..4 the shape is judged first, then pending, then expiry, then the bytes")
    @Proves({"OFFER-4", "OFFER-5", "TOKEN-2", "TOKEN-3", "TOKEN-4"})
    void judgementOrder() {
        check(HandoffProperties.ordering("token judgement order", ROLE, TOKEN_DEFECTS, SUT));
    }

    @Test
    @DisplayName("TOKEN-4/5 a mismatch leaves the token pending, the right token then succeeds exactly once")
    @Proves({"TOKEN-4", "TOKEN-5", "TOKEN-2"})
    void mismatchThenRightToken() {
        check(Property.forAll("TOKEN-4/5 mismatch, then right, then replay", data -> {
                    Token expected = Values.token(data);
                    byte[] wrong = Values.otherToken(expected, data, l -> { });
                    long start = data.consumeLong();
                    long ttl = java.time.Duration.ofSeconds(30).toNanos();
                    long later = data.consumeLong(0, ttl);
                    int mismatches = data.consumeInt(1, 3);
                    return new Sequence(expected, wrong, start, later, mismatches);
                })
                .check((s, coverage) -> {
                    TokenStore store = new TokenStore();
                    store.register(s.expected(), s.start());
                    long now = s.start();
                    for (int i = 0; i < s.mismatches(); i++) {
                        expect(TokenJudgement.judge(store, s.expected(), com.google.protobuf.ByteString.copyFrom(s.wrong()), now),
                                Optional.of(ReasonCode.TOKEN_MISMATCH), "mismatch");
                        PropertyAssertionError.check(store.isPending(s.expected()), "TOKEN-4: mismatch consumed the token",
                                "after a mismatch the expected token must stay pending");
                    }
                    now = s.start() + s.later();
                    expect(TokenJudgement.judge(store, s.expected(), s.expected().toByteString(), now), Optional.empty(), "right token");
                    PropertyAssertionError.check(!store.isPending(s.expected()), "TOKEN-5: not consumed",
                            "an accepted token must be consumed");
                    expect(TokenJudgement.judge(store, s.expected(), s.expected().toByteString(), now),
                            Optional.of(ReasonCode.TOKEN_NOT_PENDING), "replay");
                }));
    }

    @Test
    @DisplayName("TOKEN-3 a token judged one nanosecond before its TTL is valid, exactly at issue + TTL it is expired and removed (also across clock wrap-around)")
    @Proves({"TOKEN-3", "TOKEN-7"})
    void ttlBoundary() {
        check(Property.forAll("TOKEN-3 TTL boundary", data -> {
                    Token t = Values.token(data);
                    long start = switch (data.consumeInt(0, 2)) {
                        case 0 -> data.consumeLong();
                        case 1 -> Long.MAX_VALUE - data.consumeLong(0, 60_000_000_000L); // the deadline wraps around
                        default -> data.consumeLong(-1_000, 1_000);
                    };
                    return new Boundary(t, start, data.consumeBoolean());
                })
                .requireLabels("at the TTL", "just before the TTL", "wraps around")
                .check((b, coverage) -> {
                    TokenStore store = new TokenStore();
                    long ttl = store.limits().ttl().toNanos();
                    PropertyAssertionError.check(ttl == 30_000_000_000L, "TOKEN-7: default TTL", "default TTL is " + ttl + " ns");
                    store.register(b.token(), b.start());
                    long at = b.start() + ttl - (b.before() ? 1 : 0);
                    if (at < b.start()) {
                        coverage.label("wraps around");
                    }
                    coverage.label(b.before() ? "just before the TTL" : "at the TTL");
                    Optional<Rejection> r = TokenJudgement.judge(store, b.token(), b.token().toByteString(), at);
                    if (b.before()) {
                        expect(r, Optional.empty(), "one nanosecond before the TTL");
                    } else {
                        expect(r, Optional.of(ReasonCode.TOKEN_EXPIRED), "exactly at the TTL");
                        PropertyAssertionError.check(!store.isPending(b.token()), "TOKEN-3: expired token kept",
                                "an expired token must be removed");
                    }
                }));
    }

    @Test
    @DisplayName("TOKEN-8 no token judgement or token string shows the token's bytes")
    @Proves("TOKEN-8")
    void tokensNeverPrinted() {
        check(Property.forAll("TOKEN-8 tokens are not printed", DefectCases.oneOf(ROLE, TOKEN_DEFECTS))
                .describedBy(DefectCase::describe)
                .check((c, coverage) -> {
                    Token expected = c.inputs().expectedToken().orElseThrow();
                    PropertyAssertionError.check(!expected.toString().contains(expected.toHex()), "TOKEN-8: toString shows the token",
                            "Token.toString() = " + expected);
                    var v = SUT.verdict(ROLE, c.wire(), c.inputs());
                    String detail = v.rejection().map(Rejection::detail).orElse("");
                    PropertyAssertionError.check(!detail.toLowerCase(java.util.Locale.ROOT).contains(expected.toHex()),
                            "TOKEN-8: rejection shows the token", "the detail \"" + detail + "\" contains the expected token");
                }));
    }

    @Test
    @DisplayName("TOKEN-1 a default token store issues 16-byte tokens, all distinct, with balanced bits (the CSPRNG itself is not testable here)")
    @Proves("TOKEN-1")
    void issuedTokens() {
        check(Property.forAll("TOKEN-1 issued tokens", data -> data.consumeInt(1, 64))
                .check((n, coverage) -> {
                    TokenStore store = new TokenStore();
                    java.util.Set<Token> seen = new java.util.HashSet<>();
                    long ones = 0;
                    for (int i = 0; i < n; i++) {
                        var issued = store.issue(i);
                        PropertyAssertionError.check(issued instanceof io.handoffkit.token.Issuance.Issued, "TOKEN-1: not issued", "" + issued);
                        Token t = ((io.handoffkit.token.Issuance.Issued) issued).token();
                        PropertyAssertionError.check(t.toBytes().length == Token.LENGTH, "TOKEN-1: length", t.toBytes().length + " bytes");
                        PropertyAssertionError.check(seen.add(t), "TOKEN-1: repeated token", "token " + i + " repeats an earlier one");
                        for (byte b : t.toBytes()) {
                            ones += Integer.bitCount(b & 0xFF);
                        }
                    }
                    double bits = n * Token.LENGTH * 8.0;
                    // 8 standard deviations: a fair source never trips this, a constant or counter source does
                    PropertyAssertionError.check(Math.abs(ones - bits / 2) <= 8 * Math.sqrt(bits / 4) , "TOKEN-1: biased bits",
                            ones + " ones in " + (long) bits + " bits");
                }));
    }

    record Sequence(Token expected, byte[] wrong, long start, long later, int mismatches) {}

    record Boundary(Token token, long start, boolean before) {}

    private static void expect(Optional<Rejection> got, Optional<ReasonCode> expected, String step) {
        Optional<ReasonCode> reason = got.map(Rejection::reason);
        PropertyAssertionError.check(reason.equals(expected), step + ": " + reason.map(Enum::name).orElse("accepted"),
                step + ": expected " + expected.map(Enum::name).orElse("accepted") + ", got " + got);
    }
}
