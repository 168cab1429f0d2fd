package io.vidstore.http;

/** The contract over an embedded Jetty 12 with {@link MediaServlet}. */
class JettyServletTest extends ServerContractTest {
    @Override
    TestServer start(MediaEndpoint endpoint) throws Exception {
        return new JettyTestServer(endpoint);
    }
}
