package io.ftcoach.ingest.config;

import io.ftcoach.ingest.domain.DataValidator;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class DataIngestConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataWorkspace dataWorkspace(FtcoachServiceProperties props, Clock clock) {
        return new DataWorkspace(new Workspace(props.workspace()), clock);
    }

    @Bean
    DataValidator dataValidator() {
        return new DataValidator();
    }
}
