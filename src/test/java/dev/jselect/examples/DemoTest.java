package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The README's demo, in process: every client's echo matched. */
class DemoTest {
    @Test
    void theDemoEchoesEveryClientsBytes() throws Exception {
        assertTrue(new Demo().run());
    }
}
