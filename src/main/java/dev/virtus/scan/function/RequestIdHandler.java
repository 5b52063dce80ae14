package dev.virtus.scan.function;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.virtus.scan.report.ScanReporter;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

/**
 * The handler of the JVM function ({@code java21}): Funqy's, with the invocation's request id in the logging MDC
 * while it runs, so that every log line and EMF line of the invocation carries it. Under AWS's Runtime Interface
 * Client nothing else puts it there: only Quarkus' own poll loop (tests, native) does, under the same key.
 */
public class RequestIdHandler implements RequestStreamHandler {

    private final FunqyStreamHandler funqy = new FunqyStreamHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        MDC.put(ScanReporter.LAMBDA_REQUEST_ID, context.getAwsRequestId());
        try {
            funqy.handleRequest(input, output, context);
        } finally {
            MDC.remove(ScanReporter.LAMBDA_REQUEST_ID);
        }
    }
}
