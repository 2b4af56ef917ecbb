package io.ftcoach.support.api;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokenFilterTest {

    private final ApiTokenFilter filter = new ApiTokenFilter("s3cret-token");

    private MockHttpServletResponse call(String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void acceptsBearerAndBasicWithTheToken() throws Exception {
        assertThat(call("/api/tasks", "Bearer s3cret-token").getStatus()).isEqualTo(200);
        String basic = Base64.getEncoder().encodeToString("anyone:s3cret-token".getBytes(StandardCharsets.UTF_8));
        assertThat(call("/api/tasks", "Basic " + basic).getStatus()).isEqualTo(200);
    }

    @Test
    void refusesMissingOrWrongTokensAndSaysWhichVariableHoldsIt() throws Exception {
        MockHttpServletResponse missing = call("/api/tasks", null);
        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(missing.getContentAsString()).contains("FTCOACH_API_TOKEN").doesNotContain("s3cret");
        assertThat(call("/actuator/prometheus", "Bearer wrong").getStatus()).isEqualTo(401);
        assertThat(call("/api/tasks", "Basic !!!not-base64").getStatus()).isEqualTo(401);
    }

    @Test
    void leavesOnlyTheBareHealthEndpointOpen() throws Exception {
        assertThat(call("/actuator/health", null).getStatus()).isEqualTo(200);
        assertThat(call("/actuator/health/readiness", null).getStatus()).isEqualTo(401);
    }

    @Test
    void opensTheFilesOfAWebPageAndCorsPreflightsButNoData() throws Exception {
        ApiTokenFilter withPage = new ApiTokenFilter("s3cret-token", java.util.Set.of("/", "/app.js"));
        MockHttpServletResponse page = new MockHttpServletResponse();
        withPage.doFilter(new MockHttpServletRequest("GET", "/app.js"), page, new MockFilterChain());
        assertThat(page.getStatus()).isEqualTo(200);
        MockHttpServletResponse api = new MockHttpServletResponse();
        withPage.doFilter(new MockHttpServletRequest("GET", "/api/tasks"), api, new MockFilterChain());
        assertThat(api.getStatus()).isEqualTo(401);

        MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/api/tasks");
        preflight.addHeader("Origin", "http://127.0.0.1:8080");
        preflight.addHeader("Access-Control-Request-Method", "GET");
        MockHttpServletResponse allowed = new MockHttpServletResponse();
        withPage.doFilter(preflight, allowed, new MockFilterChain());
        assertThat(allowed.getStatus()).isEqualTo(200);
        // a bare OPTIONS is no preflight: it still needs the token
        MockHttpServletResponse bare = new MockHttpServletResponse();
        withPage.doFilter(new MockHttpServletRequest("OPTIONS", "/api/tasks"), bare, new MockFilterChain());
        assertThat(bare.getStatus()).isEqualTo(401);
    }

    @Test
    void bindingBeyondLoopbackNeedsAToken() {
        BindAddressPolicy.check("task-service", "127.0.0.1", false);
        BindAddressPolicy.check("task-service", "::1", false);
        BindAddressPolicy.check("task-service", "0.0.0.0", true);
        assertThatThrownBy(() -> BindAddressPolicy.check("task-service", "0.0.0.0", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task-service").hasMessageContaining("FTCOACH_API_TOKEN");
        assertThatThrownBy(() -> BindAddressPolicy.check("task-service", "", false))
                .hasMessageContaining("every network interface");
    }
}
