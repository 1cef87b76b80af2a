package dev.outagelab.statuspage.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** One wording for why a check failed, whichever client threw. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable error, Duration timeout) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException || t instanceof SocketTimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            return "timeout after " + timeout.toMillis() + "ms";
        }
        if (t instanceof ConnectException || t.getCause() instanceof ConnectException
                || String.valueOf(t.getMessage()).contains("Connection refused")) {
            return "connection refused";
        }
        String kind = t instanceof IOException ? "I/O error" : t.getClass().getSimpleName();
        return t.getMessage() == null ? kind : kind + ": " + t.getMessage();
    }
}
