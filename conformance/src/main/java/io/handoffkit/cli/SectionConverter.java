package io.handoffkit.cli;

import io.handoffkit.conformance.runner.model.Section;
import io.handoffkit.conformance.runner.model.Suite;
import io.handoffkit.conformance.runner.suite.Suites;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code run --section}: a section some suite has. Which suite is known only once every option is read
 * ({@code --role} may come later), so {@code run} checks the name against the chosen suite again.
 */
final class SectionConverter implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        String id = value.strip();
        if (Suites.all().stream().flatMap(s -> s.sections().stream()).noneMatch(s -> s.id().equals(id))) {
            throw new TypeConversionException("'" + value + "' is no section (" + known() + ")");
        }
        return id;
    }

    /** Each suite's sections, as a usage error lists them. */
    static String known() {
        return Suites.all().stream().map(SectionConverter::sections).collect(Collectors.joining("; "));
    }

    static String sections(Suite suite) {
        return "--role " + suite.role().id() + ": " + suite.sections().stream().map(Section::id).collect(Collectors.joining(", "));
    }
}
