package it;

import java.util.List;

/** A program that refuses its arguments as a twin does: its error and usage on stderr, exit status 2. */
public final class Refuses {
    public static void main(String[] args) {
        System.err.println("refuses: no twin named " + List.of(args));
        System.err.println("usage: refuses NAME [ARGS]");
        System.exit(2);
    }
}
