package io.handoffkit.conformance.properties;

import static io.handoffkit.conformance.properties.Suite.check;

import io.handoffkit.conformance.Proves;
import io.handoffkit.conformance.property.suite.BookkeepingModelProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The token store and the ACK registry against the spec's model ({@link BookkeepingModelProperty}). */
@DisplayName("Token store and ACK registry model (TOKEN, REG)")
class TokenStoreModelProperties {

    @Test
    @DisplayName("TOKEN-2..7 and REG-1..6 the token store and the ACK registry agree with the model after every step; no token is accepted twice")
    @Proves({"TOKEN-2", "TOKEN-3", "TOKEN-4", "TOKEN-5", "TOKEN-6", "TOKEN-7",
             "REG-1", "REG-2", "REG-3", "REG-4", "REG-5", "REG-6", "OFFER-4", "OFFER-5"})
    void agreesWithModel() {
        check(BookkeepingModelProperty.property());
    }
}
