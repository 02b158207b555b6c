package org.londiste4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launchers of the build ({@code bin/pgqd}, {@code bin/londiste3}, ... running the jars of
 * {@code londiste4j-cli/target/lib}), run as a user runs them from a shell: every call a new process.
 */
final class Launcher {
    record Result(List<String> command, int code, String out, String err) {
    }

    private Launcher() {
    }

    /** {@code bin/<name>} of the checkout these tests run in. */
    static Path path(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path cand = p.resolve("bin").resolve(name);
            if (Files.isExecutable(cand) && Files.isDirectory(p.resolve("londiste4j-cli/target/lib"))) {
                return cand;
            }
        }
        throw new IllegalStateException("bin/" + name + " with a built londiste4j-cli/target/lib not found above "
                + Path.of("").toAbsolutePath() + "; run mvn package");
    }

    /** Runs {@code bin/<name> args...} in {@code dir}; a command that runs longer than 3 minutes is killed. */
    static Result run(Path dir, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(path(name).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not return within 3 minutes: " + cmd);
        }
        return new Result(cmd, p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
