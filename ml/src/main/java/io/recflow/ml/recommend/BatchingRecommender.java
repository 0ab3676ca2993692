package io.recflow.ml.recommend;

import io.recflow.ml.ops.TorchThreads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A {@link Recommender} that answers concurrent callers together. Each call waits in a queue; one
 * thread takes whatever has gathered ({@link BatchPolicy}), runs it as one call of the model — a
 * batch of histories costs the model far less per history than one at a time — and hands every
 * caller its own rows. Rankings whose k the model calls interchangeable ({@link Recommender#batchKey})
 * share a call made with the largest of their k, each keeping its own first k; candidate scorings
 * share a call whatever their candidates.
 *
 * <p>A call of few histories runs on one PyTorch thread, a larger one on the engine's number
 * ({@link BatchPolicy#smallBatchRows}): a lone request's operations are too small to share between cores.
 *
 * <p>Every caller gets what the model answers for its histories alone, as long as the model's rows
 * do not depend on each other (the generative recommender's do not, bit for bit). When a shared call
 * fails, its callers are run one by one, so a call that fails fails only itself.
 */
public final class BatchingRecommender implements Recommender, AutoCloseable {

    private final Recommender model;
    private final BatchPolicy policy;
    private final IntConsumer batchRows;
    private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private volatile boolean closed;
    /** Calls in the previous batch (dispatcher thread only). */
    private int previousCalls;

    /**
     * @param name      names the dispatching thread
     * @param batchRows told the number of histories of every model call (e.g. a metric), or null
     */
    public BatchingRecommender(Recommender model, BatchPolicy policy, String name, IntConsumer batchRows) {
        this.model = model;
        this.policy = policy;
        this.batchRows = batchRows == null ? rows -> { } : batchRows;
        this.dispatcher = new Thread(this::dispatch, "recflow-batcher-" + name);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public List<List<ScoredItem>> recommend(int[][] histories, int k) {
        @SuppressWarnings("unchecked")
        List<List<ScoredItem>> ranked = (List<List<ScoredItem>>) submit(new Ranking(histories, k, model.batchKey(k)));
        return ranked;
    }

    @Override
    public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        if (histories.length != candidates.length) {
            throw new IllegalArgumentException(histories.length + " histories but " + candidates.length
                    + " candidate lists");
        }
        return (float[][]) submit(new Scoring(histories, candidates));
    }

    @Override
    public int batchKey(int k) {
        return model.batchKey(k);
    }

    @Override
    public boolean leavesOutHistory() {
        return model.leavesOutHistory();
    }

    /** Stops the dispatching thread; calls still queued fail. Call it when nobody calls any more. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        failQueued();
    }

    private Object submit(Call call) {
        if (closed) {
            throw new IllegalStateException("this model is no longer served");
        }
        queue.add(call);
        if (closed) {
            failQueued(); // close() may have drained the queue just before this call joined it
        }
        try {
            return call.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void failQueued() {
        Call call;
        while ((call = queue.poll()) != null) {
            call.answer.completeExceptionally(new IllegalStateException("this model is no longer served"));
        }
    }

    private void dispatch() {
        // Only a policy that asks for it touches PyTorch: the batcher itself serves any recommender.
        TorchThreads threads = policy.smallBatchRows() > 0 ? TorchThreads.ofCurrentThread() : null;
        while (!closed) {
            List<Call> batch;
            try {
                batch = gather(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            previousCalls = batch.size();
            Map<Object, List<Call>> groups = new LinkedHashMap<>();
            batch.forEach(call -> groups.computeIfAbsent(call.groupKey(), key -> new ArrayList<>()).add(call));
            for (List<Call> group : groups.values()) {
                int rows = group.stream().mapToInt(call -> call.histories.length).sum();
                if (threads != null) {
                    threads.use(rows <= policy.smallBatchRows() ? 1 : threads.engineThreads());
                }
                answer(group, rows);
            }
        }
    }

    /**
     * {@code first} and the calls that join it: those already queued, and while calls come
     * concurrently, those arriving within the policy's wait of {@code first}'s arrival.
     */
    private List<Call> gather(Call first) throws InterruptedException {
        List<Call> batch = new ArrayList<>();
        batch.add(first);
        int rows = first.histories.length;
        boolean linger = previousCalls > 1;
        long deadline = first.arrived + policy.maxWait().toNanos();
        while (rows < policy.maxRows()) {
            Call next = linger ? queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
            rows += next.histories.length;
        }
        return batch;
    }

    private void answer(List<Call> group, int rows) {
        try {
            batchRows.accept(rows);
            group.get(0).answerTogether(model, group);
        } catch (RuntimeException | Error e) {
            if (group.size() == 1) {
                group.get(0).answer.completeExceptionally(e);
            } else {
                group.forEach(call -> answer(List.of(call), call.histories.length));
            }
        }
    }

    private static int[][] concat(List<Call> group, Function<Call, int[][]> part) {
        return group.stream().flatMap(call -> Arrays.stream(part.apply(call))).toArray(int[][]::new);
    }

    /** One caller's request and the answer it waits for. */
    private abstract static class Call {

        final int[][] histories;
        final long arrived = System.nanoTime();
        final CompletableFuture<Object> answer = new CompletableFuture<>();

        Call(int[][] histories) {
            this.histories = histories;
        }

        /** Calls with equal keys can share a model call. */
        abstract Object groupKey();

        /** Runs {@code group} (calls of this call's key) as one model call and answers each. */
        abstract void answerTogether(Recommender model, List<Call> group);
    }

    private static final class Ranking extends Call {

        final int k;
        final int key;

        Ranking(int[][] histories, int k, int key) {
            super(histories);
            this.k = k;
            this.key = key;
        }

        @Override
        Object groupKey() {
            return List.of("rank", key);
        }

        @Override
        void answerTogether(Recommender model, List<Call> group) {
            int k = group.stream().mapToInt(call -> ((Ranking) call).k).max().orElseThrow();
            List<List<ScoredItem>> ranked = model.recommend(concat(group, call -> call.histories), k);
            int from = 0;
            for (Call call : group) {
                int own = ((Ranking) call).k;
                call.answer.complete(ranked.subList(from, from + call.histories.length).stream()
                        .map(items -> items.subList(0, Math.min(own, items.size())))
                        .toList());
                from += call.histories.length;
            }
        }
    }

    private static final class Scoring extends Call {

        final int[][] candidates;

        Scoring(int[][] histories, int[][] candidates) {
            super(histories);
            this.candidates = candidates;
        }

        @Override
        Object groupKey() {
            return "score";
        }

        @Override
        void answerTogether(Recommender model, List<Call> group) {
            float[][] scores = model.scoreCandidates(concat(group, call -> call.histories),
                    concat(group, call -> ((Scoring) call).candidates));
            int from = 0;
            for (Call call : group) {
                call.answer.complete(Arrays.copyOfRange(scores, from, from + call.histories.length));
                from += call.histories.length;
            }
        }
    }
}
