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
        registration.setFilter(new ApiTokenFilter(props.hasApiToken() ? props.apiToken() : "unused"));
        return registration;
    }
}
