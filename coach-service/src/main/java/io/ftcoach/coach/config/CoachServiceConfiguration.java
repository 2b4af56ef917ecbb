package io.ftcoach.coach.config;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.chat.ChatService;
import io.ftcoach.coach.domain.chat.ChatSessionStore;
import io.ftcoach.coach.domain.chat.Coach;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.support.config.FtcoachServiceProperties;
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

    @Bean
    ChatService chatService(FtcoachServiceProperties props, Clock clock) {
        ChatSessionStore store = new ChatSessionStore(
                props.stateDir().resolve("coach-service").resolve("chat-sessions"));
        return new ChatService(store, new Coach(new IntentRouter(), clock), clock);
    }
}
