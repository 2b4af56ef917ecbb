package io.ftcoach.support.config;

import io.ftcoach.support.api.ApiExceptionHandler;
import io.ftcoach.support.api.ApiTokenFilter;
import io.ftcoach.support.api.BindAddressPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Set;

/**
 * The HTTP guard every service shares: refuses to start on a non-loopback address without an API token, and
 * checks the token on every request when one is set.
 */
@AutoConfiguration
@ConditionalOnProperty(name = FtcoachServiceProperties.ENABLED, havingValue = "true")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(FtcoachServiceProperties.class)
public class FtcoachWebAutoConfiguration {

    @Bean
    ApiExceptionHandler ftcoachApiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> ftcoachApiTokenFilter(FtcoachServiceProperties props,
                                                          @Value("${server.address:}") String address,
                                                          @Value("${spring.application.name}") String service) {
        BindAddressPolicy.check(service, address, props.hasApiToken());
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>();
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(props.hasApiToken());
        registration.setFilter(new ApiTokenFilter(props.hasApiToken() ? props.apiToken() : "unused", PAGE_FILES));
        return registration;
    }

    /** The static files of the chat page (coach-service); elsewhere they do not exist and answer 404. */
    static final Set<String> PAGE_FILES = Set.of("/", "/index.html", "/app.js", "/app.css", "/favicon.ico");

    /** Lets the chat page's scripts read results, comparisons and jobs from the services that own them. */
    @Bean
    WebMvcConfigurer ftcoachCorsConfigurer(FtcoachServiceProperties props) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                registry.addMapping("/api/**").allowedOrigins(props.corsAllowedOrigins().toArray(String[]::new))
                        .allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                        .allowedHeaders("Authorization", "Content-Type", "Accept", "Last-Event-ID").maxAge(600);
            }
        };
    }
}
