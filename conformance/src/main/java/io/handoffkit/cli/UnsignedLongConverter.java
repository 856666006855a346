package io.handoffkit.cli;

import java.math.BigInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An unsigned 64-bit integer ({@code --correlation}, {@code "correlation_id"}), kept in a long's bits. */
final class UnsignedLongConverter implements ITypeConverter<Long> {

    static long parse(String text) {
        try {
            BigInteger value = new BigInteger(text.strip());
            if (value.signum() >= 0 && value.bitLength() <= 64) {
                return value.longValue();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not an unsigned 64-bit integer");
    }

    @Override
    public Long convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
