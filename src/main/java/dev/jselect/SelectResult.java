package dev.jselect;

import java.util.List;

/**
 * What {@link Select#select} returns: Python's {@code (rlist, wlist, xlist)} tuple. Each list
 * holds the very objects that were passed in, in their order, duplicates kept; the three lists
 * are always distinct objects.
 */
public record SelectResult<T>(List<T> readable, List<T> writable, List<T> exceptional) {}
