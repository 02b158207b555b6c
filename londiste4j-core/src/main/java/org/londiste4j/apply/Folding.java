package org.londiste4j.apply;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One table's window of buffered events being decoded and folded per key ({@link Collapse}) on the applier's
 * planner thread while the worker is still reading the batch from the provider: the set-wise plan is then ready
 * (or nearly) when the window is flushed, instead of being computed after the last event arrived. Decoding is the
 * applier's largest share of Java work, and reading a batch mostly waits on the provider, so the two overlap.
 *
 * <p>Invariant: the result is what {@link BatchApplier}'s sequential planning of the same events gives: the events
 * are folded in buffer order (one planner thread, chunks submitted in order), folding stops at the first event
 * that makes the window non-collapsible (the window then goes the ordered path), and a decoding error is kept and
 * thrown when the window is flushed, at the same point where sequential planning would throw it.
 *
 * <p>Threads: {@link #submit} and {@link #plan} run on the applier's thread; the fields below {@code state} are
 * only touched by the planner thread until {@link #plan} has waited for the last chunk ({@link Future#get} orders
 * the memory accesses).
 */
final class Folding {
    /** Events handed to the planner thread at a time. */
    static final int CHUNK = 512;

    private final BatchApplier.Planner planner;
    private final ExecutorService executor;
    private final List<String> pkey;
    private int submitted;
    private Future<?> last;
    // planner thread's state
    private final Collapse collapse;
    private boolean dead;
    private RuntimeException error;

    /**
     * @param planner  decodes and folds one event into the collapse (false: not collapsible)
     * @param executor the applier's single planner thread
     * @param pkey     the window's key columns (its first event's)
     * @param collapse the empty fold over the table's columns
     */
    Folding(BatchApplier.Planner planner, ExecutorService executor, List<String> pkey, Collapse collapse) {
        this.planner = planner;
        this.executor = executor;
        this.pkey = pkey;
        this.collapse = collapse;
    }

    /** Hands the events of {@code evs} not yet handed over to the planner thread, if at least a chunk's worth. */
    void submitFull(List<Pending> evs) {
        if (evs.size() - submitted >= CHUNK) {
            submit(evs);
        }
    }

    /** Hands every event of {@code evs} not yet handed over to the planner thread. */
    void submit(List<Pending> evs) {
        if (submitted >= evs.size()) {
            return;
        }
        // a copy of the references: the applier's thread keeps appending to evs
        Pending[] chunk = evs.subList(submitted, evs.size()).toArray(new Pending[0]);
        submitted = evs.size();
        last = executor.submit(() -> fold(chunk));
    }

    private void fold(Pending[] chunk) {
        if (dead || error != null) {
            return;
        }
        try {
            for (Pending p : chunk) {
                if (p.kind() == Pending.SQL || !p.pkey().equals(pkey) || !planner.fold(collapse, p)) {
                    dead = true;
                    return;
                }
            }
        } catch (RuntimeException e) {
            error = e;
        }
    }

    /**
     * Waits for the planner thread to fold all of {@code evs}: the net changes, or null when the window must go
     * the ordered path.
     *
     * @throws ApplyException (or whatever decoding threw) when an event could not be decoded
     */
    List<Collapse.Net> plan(List<Pending> evs) {
        submit(evs);
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApplyException("applying a window: interrupted while its plan was made", e);
            } catch (ExecutionException e) {
                throw new ApplyException("applying a window: making its plan failed: " + e.getCause(), e.getCause());
            }
        }
        if (error != null) {
            throw error;
        }
        return dead ? null : collapse.nets();
    }
}
