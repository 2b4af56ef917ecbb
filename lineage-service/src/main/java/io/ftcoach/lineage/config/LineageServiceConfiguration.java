package io.ftcoach.lineage.config;

import io.ftcoach.lineage.domain.LineageStore;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LineageProperties.class)
public class LineageServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LineageStore lineageStore(FtcoachServiceProperties props) {
        return new LineageStore(new Workspace(props.workspace()));
    }
}
