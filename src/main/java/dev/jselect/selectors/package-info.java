/**
 * Python's {@code selectors} module: {@link dev.jselect.selectors.Selectors#open()} is its
 * {@code DefaultSelector} (epoll, else poll, else select), and each selector is a
 * {@link dev.jselect.selectors.BaseSelector} whose {@code select} returns the ready
 * {@link dev.jselect.selectors.SelectedKey}s with the data registered for them.
 */
@NullMarked
package dev.jselect.selectors;

import org.jspecify.annotations.NullMarked;
