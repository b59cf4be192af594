// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.console;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints one line per skipped or aborted test to the build's console, with the reason: a test that needs a GPU, a
 * model fetched outside Maven Central, {@code python3} or a file system feature says so where the build is read, not
 * only in {@code target/surefire-reports}.
 *
 * <p>Surefire sends {@code System.out} and {@code System.err} of tests to files ({@code redirectTestOutputToFile} in
 * the root pom); this writes to the process's own standard error ({@link FileDescriptor#err}), which Surefire copies
 * to the console. Registered through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener} in
 * this module's test-jar, which the modules with environment-dependent tests add in test scope. Test code only:
 * library code never prints.
 */
public final class SkipReasonListener implements TestExecutionListener {
    static final String PREFIX = "[SKIPPED] ";

    private final PrintStream console;
    private final Map<String, Map<String, Skipped>> pending = new ConcurrentHashMap<>();
    private Optional<TestPlan> plan = Optional.empty();

    /** A listener printing to the process's standard error. */
    public SkipReasonListener() {
        this(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    SkipReasonListener(PrintStream console) {
        this.console = console;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = Optional.of(testPlan);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        plan = Optional.empty();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("aborted")
                    .replaceFirst("^Assumption failed: ", ""));
        }
        Map<String, Skipped> invocations = pending.remove(test.getUniqueIdObject().toString());
        if (invocations != null) {
            invocations.values().forEach(s -> console.println(PREFIX + s.line()));
        }
    }

    /**
     * Prints a skip at once, or, for an invocation of a parameterized test or a dynamic test of a factory, once per
     * reason when the method's container finishes ("17 invocations").
     */
    private void report(TestIdentifier test, String reason) {
        String why = reason.strip().replaceAll("\\s*\\R\\s*", " ");
        Optional<TestIdentifier> parent = plan.flatMap(p -> p.getParent(test));
        if (parent.isPresent() && parent.get().getSource().filter(MethodSource.class::isInstance).isPresent()) {
            pending.computeIfAbsent(parent.get().getUniqueIdObject().toString(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(why, w -> new Skipped(name(test), name(parent.get()), w)).count++;
        } else {
            console.println(PREFIX + name(test) + ": " + why);
        }
    }

    /** Skips of one reason among the invocations of one method. */
    private static final class Skipped {
        final String first;
        final String method;
        final String reason;
        int count;

        Skipped(String first, String method, String reason) {
            this.first = first;
            this.method = method;
            this.reason = reason;
        }

        String line() {
            return (count == 1 ? first : method + ", " + count + " invocations") + ": " + reason;
        }
    }

    /** The test's display names from its class down, for example {@code GpuTest > everyModel_servesOnCuda()}. */
    String name(TestIdentifier test) {
        Deque<String> names = new ArrayDeque<>();
        Optional<TestIdentifier> at = Optional.of(test);
        while (at.isPresent() && at.get().getParentId().isPresent()) { // up to the engine, which is left out
            TestIdentifier current = at.get();
            names.addFirst(current.getDisplayName());
            at = plan.flatMap(p -> p.getParent(current));
        }
        return names.isEmpty() ? test.getDisplayName() : String.join(" > ", names);
    }
}
