package dev.jselect.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line {@code mvn -q -Pmutation} prints: PIT's mutation score over all mutated classes
 * (detected mutants over all mutants, as PIT counts it), then each class's own, read from PIT's
 * {@code mutations.xml}.
 */
public final class MutationScore {
    private static final Pattern MUTATION = Pattern.compile(
            "<mutation\\b[^>]*\\bdetected=['\"](true|false)['\"][^>]*>.*?<mutatedClass>([^<]+)</mutatedClass>", Pattern.DOTALL);

    private MutationScore() {}

    /** Prints the score line for the mutations.xml at {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        String xml = Files.readString(Path.of(args[0]));
        Map<String, int[]> perClass = new TreeMap<>(); // simple name -> {detected, total}
        int detected = 0;
        int total = 0;
        Matcher m = MUTATION.matcher(xml);
        while (m.find()) {
            String cls = m.group(2);
            cls = cls.substring(cls.lastIndexOf('.') + 1);
            cls = cls.contains("$") ? cls.substring(0, cls.indexOf('$')) : cls; // nested classes count for their outer class
            int[] c = perClass.computeIfAbsent(cls, k -> new int[2]);
            boolean killed = m.group(1).equals("true");
            c[0] += killed ? 1 : 0;
            c[1]++;
            detected += killed ? 1 : 0;
            total++;
        }
        StringBuilder line = new StringBuilder("mutation score ").append(percent(detected, total))
                .append(" (").append(detected).append(" of ").append(total).append(" mutants killed):");
        perClass.forEach((cls, c) -> line.append(' ').append(cls).append(' ').append(percent(c[0], c[1])));
        System.out.println(line);
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "n/a" : Math.round(100.0 * part / whole) + "%";
    }
}
