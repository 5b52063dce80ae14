package dev.virtus.scan.s3;

import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Another client's action at an exact point of the application's S3 exchange: once, right before the client's next
 * request of a type is sent, or right after its answer came back. Register it on the client under test.
 */
public final class Interleaved implements ExecutionInterceptor {

    private final Class<? extends SdkRequest> type;
    private final boolean before;
    private final AtomicReference<Runnable> next = new AtomicReference<>();

    private Interleaved(Class<? extends SdkRequest> type, boolean before) {
        this.type = type;
        this.before = before;
    }

    public static Interleaved before(Class<? extends SdkRequest> type) {
        return new Interleaved(type, true);
    }

    public static Interleaved after(Class<? extends SdkRequest> type) {
        return new Interleaved(type, false);
    }

    /** Runs {@code action} at the next matching request; replaces an action not run yet. */
    public void once(Runnable action) {
        next.set(action);
    }

    public void clear() {
        next.set(null);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (before) {
            run(context.request());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!before) {
            run(context.request());
        }
    }

    private void run(SdkRequest request) {
        if (type.isInstance(request)) {
            Runnable action = next.getAndSet(null);
            if (action != null) {
                action.run();
            }
        }
    }
}
