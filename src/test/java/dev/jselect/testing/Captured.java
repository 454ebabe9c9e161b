package dev.jselect.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jselect.examples.Py;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What a twin prints, captured for a test; {@link #await} waits for a line to show up. */
public final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    public final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits up to 10 s for {@code fragment} to have been printed. */
    public void await(String fragment) throws InterruptedException {
        await(fragment, Duration.ofSeconds(10));
    }

    /** Waits up to {@code limit} for {@code fragment}: longer for a JVM still starting. */
    public void await(String fragment, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!text().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                fail("not printed within " + limit.toSeconds() + " s: " + Py.repr(fragment) + "\nprinted:\n" + text());
            }
            Thread.sleep(10);
        }
    }

    /** How often {@code fragment} has been printed. */
    public int count(String fragment) {
        String t = text();
        int n = 0;
        for (int i = t.indexOf(fragment); i >= 0; i = t.indexOf(fragment, i + 1)) {
            n++;
        }
        return n;
    }
}
