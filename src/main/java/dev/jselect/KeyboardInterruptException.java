package dev.jselect;

/**
 * Python's {@code KeyboardInterrupt}: what {@code Signals.DEFAULT_INT_HANDLER} raises on SIGINT
 * (Ctrl-C) in the thread that installed it, out of its blocking jselect call. Unchecked, as
 * Python's is a {@code BaseException}: a port's {@code catch (IOException e)} (Python's {@code
 * except OSError:} or {@code except Exception:}) does not catch it, {@code catch
 * (KeyboardInterruptException e)} (Python's {@code except KeyboardInterrupt:}) does.
 */
public class KeyboardInterruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A KeyboardInterruptException with no message, as Python's {@code KeyboardInterrupt()}. */
    public KeyboardInterruptException() {
        super();
    }

    /**
     * A KeyboardInterruptException with {@code message}.
     *
     * @param message the detail message
     */
    public KeyboardInterruptException(String message) {
        super(message);
    }
}
