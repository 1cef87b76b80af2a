package dev.outagelab.lab.local;

/** A process that lives until it is killed: the supervisor's tests run it as an instance. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
