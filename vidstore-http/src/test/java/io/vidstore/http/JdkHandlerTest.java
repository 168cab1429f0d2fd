package io.vidstore.http;

/** The contract over the JDK's HttpServer with {@link MediaHttpHandler}. */
class JdkHandlerTest extends ServerContractTest {
    @Override
    TestServer start(MediaEndpoint endpoint) throws Exception {
        return new JdkTestServer(endpoint);
    }
}
