package io.handoffkit.cli;

import io.handoffkit.profile.Profile;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --profile 4.5.5|4.6.2}: the upstream releases a run or a verdict is judged against. */
final class ProfileConverter implements ITypeConverter<Profile> {

    static final String DESCRIPTION = "upstream profile: 4.5.5 (releases 4.5.5 to 4.6.1) or 4.6.2 (4.6.2 to 4.8.3; default)";

    @Override
    public Profile convert(String value) {
        return Profile.of(value).orElseThrow(() -> new TypeConversionException("unknown profile '" + value + "' (expected one of "
                + Arrays.stream(Profile.values()).map(Profile::id).collect(Collectors.joining(", ")) + ")"));
    }
}
