package io.vidstore.s3;

import java.io.IOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * An HTTP client that closes the connection of a request that fails. The JDK's {@code
 * HttpURLConnection} client leaves a connection whose request body failed half-way open: the
 * server then waits for the rest of the body until its own timeout (and s3proxy, for one, shows
 * the partial object meanwhile). A streaming {@code PutObject} whose content fails, or ends
 * early, fails this way; closing the connection tells the server at once that the body is
 * incomplete, so no object is made from it.
 */
final class DisconnectingHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;

    private DisconnectingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** {@return a builder of clients that wrap the clients of {@code delegate}} */
    static Builder builder(SdkHttpClient.Builder<?> delegate) {
        return new Builder(delegate);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (IOException | RuntimeException | Error e) {
                    prepared.abort();
                    throw e;
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Builds a {@link DisconnectingHttpClient} with the S3 client's defaults. */
    static final class Builder implements SdkHttpClient.Builder<Builder> {

        private final SdkHttpClient.Builder<?> delegate;

        private Builder(SdkHttpClient.Builder<?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return new DisconnectingHttpClient(delegate.buildWithDefaults(serviceDefaults));
        }
    }
}
