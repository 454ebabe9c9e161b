package dev.jselect.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * One binding set produced by jextract ({@code generated/dev/jselect/ffi/<abi>}), read through
 * its public static accessors. Reading them by name keeps a single syscall layer for every ABI
 * instead of one hand-written copy per package.
 */
final class GeneratedAbi implements Abi {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private final String name;
    private final String pkg;
    private final Class<?> header;
    private final Set<String> constantNames;

    GeneratedAbi(String name) {
        this.name = name;
        this.pkg = "dev.jselect.ffi." + name;
        this.header = load(name + "_h");
        this.constantNames = constantNames(header);
    }

    /** jextract writes a constant NAME as {@code public static int NAME()}. */
    private static Set<String> constantNames(Class<?> header) {
        Set<String> names = new TreeSet<>();
        for (Method m : header.getMethods()) {
            String n = m.getName();
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class
                    && n.chars().allMatch(c -> c == '_' || Character.isUpperCase(c) || Character.isDigit(c))) {
                names.add(n);
            }
        }
        return Set.copyOf(names);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isLinux() {
        return true;
    }

    @Override
    public boolean hasFunction(String fn) {
        try {
            header.getMethod(fn + "$address");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public MemorySegment address(String fn) {
        if (!hasFunction(fn)) {
            throw new UnsupportedOperationException("binding set " + name + " has no function " + fn);
        }
        return (MemorySegment) invoke(header, fn + "$address", MemorySegment.class);
    }

    @Override
    public FunctionDescriptor descriptor(String fn) {
        return (FunctionDescriptor) invoke(header, fn + "$descriptor", FunctionDescriptor.class);
    }

    @Override
    public GroupLayout layout(String name) {
        return (GroupLayout) invoke(load(name), "layout", GroupLayout.class);
    }

    @Override
    public OptionalInt constant(String name) {
        if (!constantNames.contains(name)) {
            return OptionalInt.empty();
        }
        try {
            MethodHandle mh = LOOKUP.findStatic(header, name, MethodType.methodType(int.class));
            return OptionalInt.of((int) mh.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read constant " + name + " of " + this.name, t);
        }
    }

    @Override
    public Set<String> constantNames() {
        return constantNames;
    }

    @Override
    public boolean lacks(String constant) {
        return false; // the generated set has every constant jselect names
    }

    @Override
    public boolean pollWorksForDevices() {
        return true;
    }

    private Class<?> load(String simpleName) {
        try {
            return Class.forName(pkg + "." + simpleName, true, GeneratedAbi.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class " + simpleName + " for ABI " + name, e);
        }
    }

    private Object invoke(Class<?> owner, String method, Class<?> type) {
        try {
            return LOOKUP.findStatic(owner, method, MethodType.methodType(type)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read " + owner.getSimpleName() + "." + method + " of " + name, t);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
