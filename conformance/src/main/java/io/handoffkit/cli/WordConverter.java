package io.handoffkit.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An enum option given by its word on the command line ({@code --role broker-ack}, {@code --color never});
 * picocli names the option, this names the words there are.
 */
final class WordConverter<E extends Enum<E>> implements ITypeConverter<E> {

    private final Map<String, E> byWord = new LinkedHashMap<>();

    WordConverter(Class<E> type, Function<E, String> word) {
        for (E e : type.getEnumConstants()) {
            byWord.put(word.apply(e), e);
        }
    }

    @Override
    public E convert(String value) {
        E e = byWord.get(value.strip().toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new TypeConversionException("'" + value + "' is none of " + String.join(", ", byWord.keySet()));
        }
        return e;
    }
}
