package dev.jselect.bench.startup;

/** Start-up benchmark (a): the JVM's floor, a program that prints one line and exits. */
public final class Hello {
    private Hello() {}

    public static void main(String[] args) {
        System.out.println("Hello, world!");
    }
}
