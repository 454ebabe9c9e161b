/**
 * The bits of Python's {@code socket} module that select programs use: {@link dev.jselect.net.NativeSocket}
 * on a raw descriptor, with {@link dev.jselect.net.SocketPair} and {@link dev.jselect.net.Accepted}.
 */
@NullMarked
package dev.jselect.net;

import org.jspecify.annotations.NullMarked;
