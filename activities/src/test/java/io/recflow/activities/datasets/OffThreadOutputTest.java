package io.recflow.activities.datasets;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class OffThreadOutputTest {

    @Test
    void theTargetGetsEveryByteInOrderWhateverTheWriteSizes() throws IOException {
        byte[] content = new byte[5 * (1 << 20) + 12_345];
        new Random(3).nextBytes(content);
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        Random sizes = new Random(4);
        try (OffThreadOutput out = new OffThreadOutput(target)) {
            int at = 0;
            while (at < content.length) {
                if (sizes.nextInt(4) == 0) {
                    out.write(content[at++]);
                } else {
                    int n = Math.min(content.length - at, sizes.nextInt(3 << 20));
                    out.write(content, at, n);
                    at += n;
                }
            }
        }
        assertArrayEquals(content, target.toByteArray());
    }

    @Test
    void aFailingTargetIsTheWritersFailureAndNothingHangs() {
        OutputStream full = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 3 << 20) {
                    throw new IOException("no space left on device");
                }
            }
        };
        IOException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> assertThrows(IOException.class,
                () -> {
                    try (OffThreadOutput out = new OffThreadOutput(full)) {
                        byte[] chunk = new byte[100_000];
                        for (int i = 0; i < 1_000; i++) {
                            out.write(chunk);
                        }
                    }
                }));
        assertEquals("no space left on device", e.getMessage());
    }
}
