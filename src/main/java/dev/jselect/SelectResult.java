package dev.jselect;

import java.util.List;

/**
 * What {@link Select#select} returns: Python's {@code (rlist, wlist, xlist)} tuple. Each list
 * holds the very objects that were passed in, in their order, duplicates kept; the three lists
 * are always distinct objects.
 *
 * @param <T> the type of the objects waited on
 * @param readable the objects ready for reading
 * @param writable the objects ready for writing
 * @param exceptional the objects with an exceptional condition
 */
public record SelectResult<T>(List<T> readable, List<T> writable, List<T> exceptional) {}
