package dev.jselect.reliability;

import dev.jselect.ErrnoException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a model says one call must do: return, or throw one of the given documented exceptions
 * (an {@link ErrnoException} with the given errno). Where the model cannot tell (a mask the
 * kernel may or may not accept), any documented outcome passes and the model follows what
 * happened. {@link #check} runs the call and fails on anything else.
 */
record Expect(boolean mayReturn, List<Class<? extends Exception>> thrown, int errno) {
    /** The exceptions the API documents for bad arguments, states and kernel refusals. */
    static final List<Class<? extends Exception>> DOCUMENTED = List.of(ErrnoException.class,
            IllegalArgumentException.class, IllegalStateException.class, NoSuchElementException.class);

    static final AtomicLong CALLS = new AtomicLong();
    static final AtomicLong REFUSED = new AtomicLong();
    static final AtomicLong PREDICTED = new AtomicLong();

    static Expect returns() {
        return new Expect(true, List.of(), 0);
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied into an immutable list
    static Expect throwsOneOf(Class<? extends Exception>... types) {
        return new Expect(false, List.of(types), 0);
    }

    static Expect errno(int errno) {
        return new Expect(false, List.of(ErrnoException.class), errno);
    }

    /** The model cannot tell: any documented outcome. */
    static Expect unknown() {
        return new Expect(true, DOCUMENTED, 0);
    }

    /** A call that returns a value. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    /** A call that returns nothing. */
    @FunctionalInterface
    interface VoidCall {
        void run() throws Exception;
    }

    /** What a call did: its value, or the documented exception it threw. */
    record Outcome<T>(T value, Exception thrown) {
        boolean returned() {
            return thrown == null;
        }
    }

    /** Runs {@code call} and fails unless it does what this expectation says. */
    <T> Outcome<T> check(String what, Call<T> call) {
        CALLS.incrementAndGet();
        if (!this.equals(unknown())) {
            PREDICTED.incrementAndGet();
        }
        T value;
        try {
            value = call.run();
        } catch (Exception e) {
            if (DOCUMENTED.stream().noneMatch(t -> t.isInstance(e))) {
                throw new AssertionError(what + ": undocumented outcome: " + e, e);
            }
            REFUSED.incrementAndGet();
            if (thrown.stream().noneMatch(t -> t.isInstance(e))) {
                throw new AssertionError(what + ": expected " + this + ", got " + e, e);
            }
            if (errno != 0 && ((ErrnoException) e).errno() != errno) {
                throw new AssertionError(what + ": expected errno " + errno + ", got " + e, e);
            }
            return new Outcome<>(null, e);
        } catch (Throwable t) {
            if (t instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError(what + ": undocumented outcome: " + t, t);
        }
        if (!mayReturn) {
            throw new AssertionError(what + ": expected " + this + ", but it returned " + value);
        }
        return new Outcome<>(value, null);
    }

    Outcome<Void> check(String what, VoidCall call) {
        return check(what, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public String toString() {
        if (mayReturn && thrown.isEmpty()) {
            return "a normal return";
        }
        if (mayReturn) {
            return "any documented outcome";
        }
        return "one of " + thrown.stream().map(Class::getSimpleName).toList() + (errno != 0 ? " with errno " + errno : "");
    }
}
