package io.ftcoach.ingest.config;

import io.ftcoach.ingest.cdc.DebeziumPostgresSource;
import io.ftcoach.ingest.domain.ApiSource;
import io.ftcoach.ingest.domain.DataPipeline;
import io.ftcoach.ingest.domain.DataSourceFile;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.DataValidator;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.FileImportSource;
import io.ftcoach.ingest.domain.LlmGeneratedSource;
import io.ftcoach.ingest.domain.TrainedSnapshots;
import io.ftcoach.ingest.domain.Sleeper;
import io.ftcoach.ingest.domain.WebScrapeSource;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChangeCaptureProperties.class)
public class DataIngestConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataWorkspace dataWorkspace(FtcoachServiceProperties props, Clock clock) {
        return new DataWorkspace(new Workspace(props.workspace()), clock);
    }

    /** Reads the process environment only to say whether a variable is set; values are never kept or shown. */
    @Bean
    DataSourceFile dataSourceFile() {
        return new DataSourceFile(System::getenv);
    }

    /**
     * file_import, database (PostgreSQL through Debezium), api, web_scrape and llm_generated; {@code ${VAR}}
     * resolve from the environment at each run.
     */
    @Bean
    DataPipeline dataPipeline() {
        // redirects are not followed: a token would be sent on to wherever they point; the error names the target
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new DataPipeline(List.of(new FileImportSource(), new DebeziumPostgresSource(Duration.ofMinutes(5)),
                new ApiSource(http, Sleeper.SYSTEM), new WebScrapeSource(http, Sleeper.SYSTEM),
                new LlmGeneratedSource(http, Sleeper.SYSTEM)), System::getenv);
    }

    @Bean
    DataSourceService dataSourceService(DataWorkspace dataWorkspace, DataSourceFile dataSourceFile,
                                        DataPipeline dataPipeline) {
        return new DataSourceService(dataWorkspace, dataSourceFile, dataPipeline);
    }

    @Bean
    TrainedSnapshots trainedSnapshots(DataWorkspace dataWorkspace) {
        return new TrainedSnapshots(dataWorkspace);
    }

    @Bean
    DataValidator dataValidator() {
        return new DataValidator();
    }
}
