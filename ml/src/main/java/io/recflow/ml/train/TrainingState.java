package io.recflow.ml.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training phase needs to continue exactly where it was: the values of the parameters
 * that train (frozen ones come from the model the caller rebuilds), the optimiser's state, the
 * position of the next step, and the loss of every step so far. Host copies only, so a snapshot can
 * be serialised or kept after the model is gone.
 *
 * @param epoch          0-based epoch of the next step ({@code epochs} when the phase is done)
 * @param stepInEpoch    0-based index of the next step within that epoch
 * @param stepsPerEpoch  recorded so that resuming with other data or batch size fails loudly
 * @param totalSteps     recorded for the same reason (the learning-rate curve depends on it)
 * @param losses         the loss of every step taken, in order
 */
public record TrainingState(String phase, int epoch, int stepInEpoch, int stepsPerEpoch, long totalSteps,
                            float[] losses, List<NamedTensor> parameters, Adam.State optimizer) {

    private static final int MAGIC = 0x52465453; // "RFTS"
    /** 2: per-parameter update counts (1 had one count for every parameter). */
    private static final int VERSION = 2;

    public TrainingState {
        parameters = List.copyOf(parameters);
    }

    /** Steps taken so far. */
    public long step() {
        return losses.length;
    }

    public boolean finished() {
        return step() == totalSteps;
    }

    /** The mean loss of the last {@code n} steps (or of all, when fewer), NaN before the first step. */
    public double recentLoss(int n) {
        int from = Math.max(0, losses.length - n);
        double sum = 0;
        for (int i = from; i < losses.length; i++) {
            sum += losses[i];
        }
        return losses.length == from ? Double.NaN : sum / (losses.length - from);
    }

    public void writeTo(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(phase);
        out.writeInt(epoch);
        out.writeInt(stepInEpoch);
        out.writeInt(stepsPerEpoch);
        out.writeLong(totalSteps);
        new NamedTensor("losses", new long[] {losses.length}, losses).write(out);
        NamedTensor.writeAll(out, parameters);
        out.writeInt(optimizer.updates().size());
        for (Map.Entry<String, Long> e : optimizer.updates().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        NamedTensor.writeAll(out, optimizer.firstMoments());
        NamedTensor.writeAll(out, optimizer.secondMoments());
        out.flush();
    }

    public static TrainingState readFrom(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a recflow training state");
        }
        int version = in.readInt();
        if (version != 1 && version != VERSION) {
            throw new IOException("unsupported training state version " + version);
        }
        String phase = in.readUTF();
        int epoch = in.readInt();
        int stepInEpoch = in.readInt();
        int stepsPerEpoch = in.readInt();
        long totalSteps = in.readLong();
        float[] losses = NamedTensor.read(in).values();
        List<NamedTensor> parameters = NamedTensor.readAll(in);
        Map<String, Long> updates = new LinkedHashMap<>();
        if (version == 1) {
            long steps = in.readLong();
            parameters.forEach(p -> updates.put(p.name(), steps));
        } else {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                updates.put(in.readUTF(), in.readLong());
            }
        }
        Adam.State optimizer = new Adam.State(updates, NamedTensor.readAll(in), NamedTensor.readAll(in));
        return new TrainingState(phase, epoch, stepInEpoch, stepsPerEpoch, totalSteps, losses, parameters, optimizer);
    }
}
