package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The README's demo, in process: every client's echo matched. */
class DemoTest {
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the demo is an epoll server, and epoll is Linux-only")
    void theDemoEchoesEveryClientsBytes() throws Exception {
        assertTrue(new Demo().run());
    }
}
