package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.internal.sys.Platform;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SelectConstantsTest {
    @Test
    void everyConstantOfTheContractIsThere() throws Exception {
        for (String name : List.of("POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDNORM", "POLLRDBAND",
                "POLLWRNORM", "POLLWRBAND", "POLLMSG", "POLLRDHUP", "EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP",
                "EPOLLRDNORM", "EPOLLRDBAND", "EPOLLWRNORM", "EPOLLWRBAND", "EPOLLMSG", "EPOLLRDHUP", "EPOLLET", "EPOLLONESHOT",
                "EPOLLEXCLUSIVE", "EPOLL_CLOEXEC", "PIPE_BUF", "FD_SETSIZE")) {
            Field f = Select.class.getField(name);
            assertEquals(int.class, f.getType());
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()));
            assertEquals(Platform.abi().lacks(name), f.getInt(null) == 0, name + ": 0 exactly where the platform lacks it");
        }
        assertTrue(Select.hasPoll());
        assertEquals(Platform.isLinux(), Select.hasEpoll());
    }

    /** Every int constant Select shares with Python's select module has Python's value on this machine. */
    @Test
    void valuesMatchPythonsSelectModule() throws Exception {
        Map<String, Integer> python = pythonConstants();
        assumeTrue(python != null, "no python3 here");
        Map<String, Integer> compared = new TreeMap<>();
        for (Field f : Select.class.getFields()) {
            if (python.containsKey(f.getName())) {
                compared.put(f.getName(), f.getInt(null));
            }
        }
        python.keySet().retainAll(compared.keySet());
        assertEquals(python, compared);
        long defined = compared.keySet().stream().filter(n -> !Platform.abi().lacks(n)).count();
        assertEquals(Platform.isLinux() ? 29 : defined, compared.size(),
                "all of the contract's constants this platform defines are in Python's module: " + compared.keySet());
    }

    private static Map<String, Integer> pythonConstants() throws InterruptedException {
        String script = "import select\nfor n in dir(select):\n    if n.isupper() and isinstance(getattr(select, n), int): print(n, getattr(select, n))\n";
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
        if (p.waitFor() != 0) {
            return null;
        }
        Map<String, Integer> values = new TreeMap<>();
        out.lines().map(l -> l.split(" ")).forEach(kv -> values.put(kv[0], (int) Long.parseLong(kv[1])));
        values.put("FD_SETSIZE", 1024); // not exported by Python's module; glibc's value
        return values;
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "POLLRDHUP and the EPOLL* constants are Linux's (0 elsewhere)")
    void eventNames() {
        assertEquals(List.of("POLLIN", "POLLHUP"), Select.pollEventNames(Select.POLLIN | Select.POLLHUP));
        assertEquals(List.of(), Select.pollEventNames(0));
        assertEquals(List.of("POLLOUT", "POLLNVAL", "POLLRDHUP"), Select.pollEventNames(Select.POLLNVAL | Select.POLLOUT | Select.POLLRDHUP));
        assertEquals(List.of("EPOLLIN", "EPOLLOUT", "EPOLLRDHUP", "EPOLLONESHOT", "EPOLLET"),
                Select.epollEventNames(Select.EPOLLET | Select.EPOLLIN | Select.EPOLLOUT | Select.EPOLLONESHOT | Select.EPOLLRDHUP));
        assertEquals(List.of("EPOLLEXCLUSIVE", "EPOLLWAKEUP"), Select.epollEventNames(Select.EPOLLEXCLUSIVE | Select.EPOLLWAKEUP));
        assertEquals(List.of("POLLIN", "0x40000000"), Select.pollEventNames(Select.POLLIN | 0x4000_0000), "unknown bits are shown, not lost");
        assertEquals(List.of("EPOLLIN", "0x1800"), Select.epollEventNames(Select.EPOLLIN | 0x1800));
        List<String> all = Select.epollEventNames(-1);
        assertEquals(List.of("EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP", "EPOLLRDNORM", "EPOLLRDBAND", "EPOLLWRNORM",
                "EPOLLWRBAND", "EPOLLMSG", "EPOLLRDHUP", "EPOLLEXCLUSIVE", "EPOLLWAKEUP", "EPOLLONESHOT", "EPOLLET"), all.subList(0, 15));
        assertTrue(all.get(15).startsWith("0x"));
    }
}
