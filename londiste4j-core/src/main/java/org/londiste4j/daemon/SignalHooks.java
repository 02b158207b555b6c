package org.londiste4j.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * The only place that touches process signals: SIGHUP reloads the config, SIGINT stops gracefully (the round
 * in progress finishes), SIGTERM exits promptly, as the original daemons do and as {@code -r}, {@code -s} and
 * {@code -k} expect. Handlers run on a JVM signal thread and must only flip flags.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection, so that the build stays free of
 * javac's "internal proprietary API" warnings, which cannot be suppressed otherwise.
 *
 * <p>Hazard: replacing the JVM's SIGINT/SIGTERM handlers means shutdown hooks run only when the job returns and
 * the program exits; {@link Job#kill()} therefore interrupts the round so that the exit is prompt.
 */
public final class SignalHooks {
    private static final Logger log = LoggerFactory.getLogger(SignalHooks.class);

    private SignalHooks() {
    }

    /**
     * Routes HUP, INT and TERM to the job.
     *
     * @return the signals that could not be routed (see {@link #install(Runnable, Runnable, Runnable)})
     */
    public static List<String> install(Job job) {
        return install(job::reload, job::stop, job::kill);
    }

    /**
     * Routes HUP, INT and TERM to the given actions (each runs on the JVM's signal thread).
     *
     * <p>A signal that was ignored when the JVM started (a process started with {@code nohup}, or with {@code &}
     * from a script) cannot be handled: the JVM keeps it ignored. Such signals are logged with a warning and
     * returned; {@link Daemonizer} starts its child with default dispositions for this reason.
     *
     * @return the names of the signals left without a handler, e.g. {@code [INT]}
     */
    public static List<String> install(Runnable onHup, Runnable onInt, Runnable onTerm) {
        var missing = new ArrayList<String>();
        handle("HUP", onHup, "reload (-r)", missing);
        handle("INT", onInt, "graceful stop (-s)", missing);
        handle("TERM", onTerm, "prompt exit (-k)", missing);
        return missing;
    }

    private static void handle(String name, Runnable action, String what, List<String> missing) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(SignalHooks.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            log.info("got SIG{}: {}", name, what);
                            action.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "signal handler SIG" + name;
                        };
                    });
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            Object old = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            if (old == handlerClass.getField("SIG_IGN").get(null)) {
                missing.add(name);
                log.warn("SIG{} was ignored when this process started (nohup, or '&' in a script), so {} by signal "
                        + "does not work; start it with -d, or from a shell that does not ignore SIG{}", name, what,
                        name);
            }
        } catch (InvocationTargetException e) {
            missing.add(name);
            // the JVM refuses a signal it uses itself (e.g. under -Xrs): the daemon works without that control
            log.warn("SIG{} cannot be handled in this JVM ({}); {} by signal is not available", name,
                    e.getCause().getMessage(), what);
        } catch (ReflectiveOperationException e) {
            missing.add(name);
            log.warn("signals cannot be handled in this JVM ({}); {} by SIG{} is not available", e, what, name);
        }
    }
}
