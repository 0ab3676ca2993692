package io.recflow.ml.train;

import io.recflow.ml.progress.ProgressListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times a training run's optimisation steps from its progress reports, for the speed probes that
 * bench/speed.sh runs (test scope). The interval between two reports is one step: its batch built,
 * forward, backward and the optimiser's update.
 */
public final class StepTimer implements ProgressListener {

    /**
     * Steps a probe runs before it times any: on 2 cores the JIT's compiler threads compete with PyTorch's
     * two while a run starts. A backbone pre-training step took 100-170 ms in the first 20 steps, 75-90 ms
     * around step 40 and 65-75 ms from step 60 on (three runs; with only C1 compiling, the early steps are
     * faster and the later ones slower, so it is the compiler). A training run of thousands of steps lives
     * at the later speed; bench/reference/ warms PyTorch up for as many steps, so both sides are measured
     * steady.
     */
    public static final int WARM_UP_STEPS = 50;

    private final List<Long> stepEnds = new ArrayList<>();
    private long start = System.nanoTime();

    /** Restarts the clock, e.g. just before a run, so that the first step is timed too. */
    public void start() {
        stepEnds.clear();
        start = System.nanoTime();
    }

    @Override
    public void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss) {
        stepEnds.add(System.nanoTime());
    }

    /** The median milliseconds of the {@code steps} steps after the first {@code warmUp}. */
    public double medianStepMs(int warmUp, int steps) {
        if (stepEnds.size() < warmUp + steps) {
            throw new IllegalStateException(stepEnds.size() + " steps timed, fewer than " + warmUp + " to warm up and "
                    + steps + " to time");
        }
        double[] ms = new double[steps];
        for (int s = warmUp; s < warmUp + steps; s++) {
            long previous = s == 0 ? start : stepEnds.get(s - 1);
            ms[s - warmUp] = (stepEnds.get(s) - previous) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
