package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Constants} is the one place the library names header constants: each field must be
 * the constant its name says, listed in jselect.options, and known to every binding set (or
 * declared absent by the macOS table). A misspelt name fails here, not at some class load.
 */
class ConstantsTest {
    @Test
    void everyFieldIsTheConstantItsNameSaysOnEveryBindingSet() throws Exception {
        Set<String> listed = Files.readAllLines(Path.of("native-headers/jselect.options")).stream()
                .filter(l -> l.startsWith("--include-constant "))
                .map(l -> l.substring("--include-constant ".length()).trim())
                .collect(Collectors.toSet());
        List<Abi> abis = List.of(Abi.named(Abi.LINUX_X86_64), Abi.named(Abi.LINUX_AARCH64),
                Abi.named(Abi.MACOS_X86_64), Abi.named(Abi.MACOS_AARCH64));
        int fields = 0;
        for (Field f : Constants.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            fields++;
            String name = f.getName();
            assertTrue(listed.contains(name), name + " is listed in jselect.options");
            for (Abi abi : abis) {
                assertTrue(abi.constant(name).isPresent() || abi.lacks(name), abi + " knows " + name);
            }
            if (Platform.isSupported()) {
                assertEquals(Platform.constant(name), f.getInt(null), "Constants." + name + " has the value of " + name);
            }
        }
        assertTrue(fields > 90, "the constants the library uses: " + fields);
    }
}
