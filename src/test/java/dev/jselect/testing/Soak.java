package dev.jselect.testing;

/**
 * The size of the soak tests: short in {@code mvn verify}, long with {@code -Dsoak=long} (see the
 * README's Reliability section).
 */
public final class Soak {
    private Soak() {}

    public static boolean isLong() {
        return "long".equals(System.getProperty("soak"));
    }

    /** {@code shortRun} normally, {@code longRun} with -Dsoak=long. */
    public static int size(int shortRun, int longRun) {
        return isLong() ? longRun : shortRun;
    }
}
