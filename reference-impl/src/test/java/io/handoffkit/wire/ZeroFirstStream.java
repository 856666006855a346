package io.handoffkit.wire;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;

/**
 * Bytes whose first bulk read returns 0 (as some non-blocking streams do, breaking the InputStream
 * contract): the readers that defend against it are tested with it.
 */
public final class ZeroFirstStream extends FilterInputStream {

    private boolean answered;

    public ZeroFirstStream(byte[] bytes) {
        super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (!answered) {
            answered = true;
            return 0;
        }
        return super.read(b, off, len);
    }
}
