package io.handoffkit.cli;

import java.util.HexFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Wire bytes as {@code verdict} takes them ({@code --hex}, {@code "hex"}): hex digits, whitespace ignored. */
record WireHex(byte[] bytes) {

    static WireHex parse(String hex) {
        String digits = hex.replaceAll("\\s", "");
        try {
            return new WireHex(HexFormat.of().parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + e.getMessage());
        }
    }

    /** {@code --hex}: picocli names the option in the message. */
    static final class Converter implements ITypeConverter<WireHex> {
        @Override
        public WireHex convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
