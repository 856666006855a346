package io.handoffkit.cli;

import io.handoffkit.token.Token;
import java.util.HexFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A token as {@code verdict} takes it ({@code --token}, {@code "token_hex"}, ...): 32 hex digits. */
final class TokenConverter implements ITypeConverter<Token> {

    static Token parse(String hex) {
        String digits = hex.strip();
        if (!digits.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("'" + hex + "' is not hex (a token is " + 2 * Token.LENGTH + " hex digits)");
        }
        if (digits.length() != 2 * Token.LENGTH) {
            throw new IllegalArgumentException("a token is " + 2 * Token.LENGTH + " hex digits (" + Token.LENGTH + " bytes), not "
                    + digits.length());
        }
        return Token.fromHex(digits);
    }

    @Override
    public Token convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
