package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The three layers point one way: generated/ (jextract's) is used by internal only; internal is
 * the only code that touches native memory; the public packages use internal, and internal uses
 * nothing of theirs but the exception types it throws and {@link HasFileno}, which it reads
 * (every call that takes a file object takes an int fd or a HasFileno). The exception types are
 * plain data and use nothing of internal, so building one makes no native call.
 *
 * <p>Read from the compiled classes, whose constant pools name every class a class uses
 * (imports, fully qualified names and method descriptors alike).
 */
class LayeringTest {
    private static final Path CLASSES = Path.of("target", "classes");
    private static final String INTERNAL = "dev/jselect/internal/";
    private static final String GENERATED = "dev/jselect/ffi/";

    private static final Pattern PUBLIC_CLASS = Pattern.compile("dev/jselect/((?:net/|os/|selectors/)?[A-Z][A-Za-z0-9_]*)");

    /** Class file (as dev/jselect/X) to the text of its constant pool, read as bytes. */
    private static Map<String, String> classes() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/jselect"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(p).toString().replace('\\', '/');
                out.put(name.substring(0, name.length() - ".class".length()),
                        new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(out.keySet().stream().anyMatch(n -> n.startsWith(INTERNAL)), "compiled classes under " + CLASSES);
        return out;
    }

    private static boolean isPublicLayer(String cls) {
        return !cls.startsWith(INTERNAL) && !cls.startsWith(GENERATED) && !cls.equals("module-info");
    }

    private static boolean isExceptionType(String cls) throws ClassNotFoundException {
        return Throwable.class.isAssignableFrom(Class.forName(cls.replace('/', '.')));
    }

    @Test
    void onlyInternalTouchesNativeMemoryOrTheGeneratedBindings() throws Exception {
        Set<String> offenders = new TreeSet<>();
        for (var e : classes().entrySet()) {
            String cls = e.getKey();
            if (isPublicLayer(cls) && (e.getValue().contains("java/lang/foreign/") || e.getValue().contains(GENERATED))) {
                offenders.add(cls);
            }
        }
        assertEquals(Set.of(), offenders, "public classes touching java.lang.foreign or generated/");
    }

    @Test
    void internalUsesNoPublicClassButTheExceptionTypesAndHasFileno() throws Exception {
        Set<String> offenders = new TreeSet<>();
        for (var e : classes().entrySet()) {
            if (!e.getKey().startsWith(INTERNAL)) {
                continue;
            }
            Matcher m = PUBLIC_CLASS.matcher(e.getValue());
            while (m.find()) {
                String used = "dev/jselect/" + m.group(1);
                if (!used.equals("dev/jselect/HasFileno") && !isExceptionType(used)) {
                    offenders.add(e.getKey() + " -> " + used);
                }
            }
        }
        assertEquals(Set.of(), offenders);
    }

    /**
     * internal's rooms point one way too: sys (bindings, ABI, constants, errno, EINTR) is the floor
     * and uses no other room; the waits use neither sockets nor processes; sockets and processes
     * do not use each other; what sits at the top of internal (fd ownership, native memory,
     * staging, deadlines) is shared by the rooms and uses neither sockets nor processes; the Flight
     * Recorder events (jfr) describe waits and sockets, never processes.
     */
    private static final Map<String, Set<String>> ROOMS_NOT_USED = Map.of(
            "sys", Set.of("wait", "net", "process", "jfr"),
            "wait", Set.of("net", "process"),
            "net", Set.of("process"),
            "process", Set.of("net"),
            "jfr", Set.of("process"),
            "", Set.of("net", "process"));

    private static final Pattern INTERNAL_CLASS = Pattern.compile("dev/jselect/internal/(?:([a-z]+)/)?[A-Z]");

    private static String roomOf(String cls) {
        String rest = cls.substring(INTERNAL.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    @Test
    void eachRoomOfInternalUsesOnlyTheRoomsBelowIt() throws Exception {
        Set<String> offenders = new TreeSet<>();
        Set<String> roomsSeen = new TreeSet<>();
        for (var e : classes().entrySet()) {
            if (!e.getKey().startsWith(INTERNAL)) {
                continue;
            }
            String room = roomOf(e.getKey());
            roomsSeen.add(room);
            Set<String> forbidden = ROOMS_NOT_USED.get(room);
            assertTrue(forbidden != null, "a room with no rule: internal/" + room);
            Matcher m = INTERNAL_CLASS.matcher(e.getValue());
            while (m.find()) {
                String used = m.group(1) == null ? "" : m.group(1);
                if (forbidden.contains(used)) {
                    offenders.add(e.getKey() + " -> internal/" + used);
                }
            }
        }
        assertEquals(ROOMS_NOT_USED.keySet(), roomsSeen, "rooms with a rule and rooms with classes");
        assertEquals(Set.of(), offenders, "uses against the rooms' direction");
    }

    @Test
    void exceptionTypesUseNothingOfInternal() throws Exception {
        Set<String> offenders = new TreeSet<>();
        int exceptions = 0;
        for (var e : classes().entrySet()) {
            if (isPublicLayer(e.getKey()) && !e.getKey().contains("$") && isExceptionType(e.getKey())) {
                exceptions++;
                if (e.getValue().contains(INTERNAL)) {
                    offenders.add(e.getKey());
                }
            }
        }
        assertTrue(exceptions >= List.of("ErrnoException", "BlockingIOException", "BrokenPipeException").size(), "exception types found: " + exceptions);
        assertEquals(Set.of(), offenders, "exception types that use internal");
    }
}
