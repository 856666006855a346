package io.handoffkit.cli;

import io.handoffkit.conformance.vectors.VectorCheck;
import io.handoffkit.conformance.vectors.VectorOutcome;
import io.handoffkit.conformance.vectors.VectorSuite;
import io.handoffkit.conformance.vectors.VectorSuite.VectorFile;
import io.handoffkit.conformance.vectors.VectorSuite.VectorTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs the golden vectors against the bundled reference and prints a per-role summary. */
@Command(
        name = "vectors",
        mixinStandardHelpOptions = true,
        header = "Run the golden vectors against the bundled reference and print a summary per role.",
        description = "Each vector gives the wire bytes, the inputs of its role and the verdict SPEC.md requires; a failing "
                + "vector is printed with what the reference said instead.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every vector passed", "1:a vector failed", "2:a vector file cannot be read"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  handoff-kit vectors",
            "  handoff-kit vectors --verbose vectors/broker_ack.json"
        })
public final class VectorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE",
            description = "vector files to run (default: the three files bundled in the kit)")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "print every vector, not only the failing ones")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<VectorFile> suite;
        try {
            suite = files.isEmpty() ? VectorSuite.loadBundled() : load(files);
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("cannot read the vectors: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        int total = 0;
        int failed = 0;
        out.printf("%-14s %6s %6s %6s%n", "role", "total", "passed", "failed");
        List<String> failures = new ArrayList<>();
        for (VectorFile file : suite) {
            int fileFailed = 0;
            for (VectorTest test : file.tests()) {
                VectorOutcome outcome = VectorCheck.check(file.role(), test);
                if (!outcome.passed()) {
                    fileFailed++;
                    failures.add("FAIL " + test.label(file.role()) + ": " + outcome.explanation());
                } else if (verbose) {
                    failures.add("ok   " + test.label(file.role()));
                }
            }
            int n = file.tests().size();
            out.printf("%-14s %6d %6d %6d%n", file.role().id(), n, n - fileFailed, fileFailed);
            total += n;
            failed += fileFailed;
        }
        out.printf("%-14s %6d %6d %6d%n", "all", total, total - failed, failed);
        failures.forEach(out::println);
        out.println(failed == 0 && total > 0
                ? "PASS: every vector gets the verdict SPEC.md requires"
                : "FAIL: " + failed + " of " + total + " vectors");
        out.flush();
        return failed == 0 && total > 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static List<VectorFile> load(List<Path> paths) throws IOException {
        List<VectorFile> loaded = new ArrayList<>();
        for (Path p : paths) {
            loaded.add(VectorSuite.load(p));
        }
        return loaded;
    }
}
