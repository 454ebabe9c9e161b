package dev.jselect.os;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Python's {@code repr()} of what subprocess messages show: strings, lists of them, signals. */
final class PythonRepr {
    /**
     * Python's {@code signal.Signals} names by number on Linux (x86_64 and aarch64 share the
     * generic numbering); SIGRTMIN is glibc's 34, and 32 and 33 are glibc's own, unnamed.
     */
    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
        "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;

    private PythonRepr() {}

    /** {@code repr(s)}: single quotes unless {@code s} holds one and no double quote; escapes as Python's. */
    static String str(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (printable(c)) {
                b.appendCodePoint(c);
            } else if (c <= 0xff) {
                b.append(String.format("\\x%02x", c));
            } else if (c <= 0xffff) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append(String.format("\\U%08x", c));
            }
        });
        return b.append(quote).toString();
    }

    /** Python's {@code str.isprintable()} for one character: not a control, format, separator (but space) or unassigned one. */
    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** {@code repr(list)} of strings: {@code ['sleep', '30']}. */
    static String list(List<String> strings) {
        return strings.stream().map(PythonRepr::str).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code repr(signal.Signals(n))}, {@code <Signals.SIGKILL: 9>}; null where Python has no name (its ValueError). */
    static @Nullable String signal(int n) {
        String name = n > 0 && n < SIGNALS.length ? SIGNALS[n] : n == SIGRTMIN ? "SIGRTMIN" : n == SIGRTMAX ? "SIGRTMAX" : null;
        return name == null ? null : "<Signals." + name + ": " + n + ">";
    }
}
