package io.ftcoach.coach.config;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.ResultAnalyzer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoachProperties.class)
public class CoachServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ResultAnalyzer resultAnalyzer(CoachProperties props) {
        return new ResultAnalyzer(props.closeBand());
    }

    @Bean
    ActivityFeed activityFeed() {
        return new ActivityFeed();
    }
}
