package org.londiste4j.daemon;

import org.londiste4j.L4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The {@code pidfile} of a daemon: proof that one instance of a job runs, and the address that {@code -s},
 * {@code -k} and {@code -r} send signals to. Its folders are created (the original crashed on a missing one,
 * SPEC.md 6.2); a file whose process is gone is taken over with a warning; one whose process lives is refused.
 *
 * <p>Invariant: the file is removed on exit only while it still holds this process's pid, so a late exit never
 * deletes the pidfile of a newer instance.
 */
public final class PidFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PidFile.class);

    private final Path path;
    private final long pid;
    private volatile boolean closed;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Writes this process's pid to {@code path}.
     *
     * @throws L4jException when a live process holds the file, or it cannot be written
     */
    public static PidFile acquire(Path path) {
        long me = ProcessHandle.current().pid();
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    Files.writeString(path, me + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    var pf = new PidFile(path, me);
                    log.debug("pidfile {} written with pid {}", path, me);
                    return pf;
                } catch (FileAlreadyExistsException e) {
                    Optional<Long> other = read(path);
                    if (other.isPresent() && other.get() != me && alive(other.get())) {
                        throw new L4jException("pidfile " + path + ": process " + other.get() + " is running; "
                                + "stop it first (-s), or remove the file if that process is not this job");
                    }
                    log.warn("pidfile {}: taking over from process {}, which is gone", path,
                            other.map(String::valueOf).orElse("(unreadable)"));
                    Files.deleteIfExists(path);
                }
            }
            throw new L4jException("pidfile " + path + ": another process keeps writing it; is the job starting "
                    + "twice?");
        } catch (IOException e) {
            throw new L4jException("pidfile " + path + ": cannot be written: " + e.getMessage()
                    + "; check the folder's permissions or change pidfile", e);
        }
    }

    /** Removes the file at JVM exit too (a normal exit, SIGINT, SIGTERM; not kill -9). */
    public PidFile removeOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "pidfile-cleanup"));
        return this;
    }

    /** The pid in a pidfile, or empty when it is missing or holds no number. */
    public static Optional<Long> read(Path path) {
        try {
            String s = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return Optional.of(Long.parseLong(s));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when a process with that pid exists. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public Path path() {
        return path;
    }

    public long pid() {
        return pid;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (read(path).filter(p -> p == pid).isPresent()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("pidfile {}: cannot be removed: {}", path, e.getMessage());
            }
        }
    }
}
