package io.ftcoach.coach.config;

import io.ftcoach.coach.clients.HttpDataIngest;
import io.ftcoach.coach.clients.HttpDispatcher;
import io.ftcoach.coach.clients.HttpLineage;
import io.ftcoach.coach.clients.HttpTaskService;
import io.ftcoach.coach.clients.OpenAiCompatibleModel;
import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.ProblemDiagnoser;
import io.ftcoach.coach.domain.ResultAnalyzer;
import io.ftcoach.coach.domain.chat.ChatService;
import io.ftcoach.coach.domain.chat.ChatSessionStore;
import io.ftcoach.coach.domain.chat.Coach;
import io.ftcoach.coach.domain.chat.Commands;
import io.ftcoach.coach.domain.chat.DataSourceAdvisor;
import io.ftcoach.coach.domain.chat.GoalClarifier;
import io.ftcoach.coach.domain.platform.Platform;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.LanguageModel;
import io.ftcoach.coach.events.ActivityListener;
import io.ftcoach.coach.events.CoachEvents;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.events.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoachProperties.class)
public class CoachServiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CoachServiceConfiguration.class);

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

    /** The other services, reached over HTTP with the platform's API token. */
    @Bean
    Platform platform(CoachProperties props, FtcoachServiceProperties service) {
        String token = service.hasApiToken() ? service.apiToken() : null;
        return new Platform(new HttpTaskService(props.taskServiceUrl(), token, props.serviceTimeout()),
                new HttpDataIngest(props.dataIngestUrl(), token, props.serviceTimeout()),
                new HttpDispatcher(props.dispatcherUrl(), token, props.serviceTimeout()),
                new HttpLineage(props.lineageUrl(), token, props.serviceTimeout()));
    }

    @Bean
    ChatService chatService(FtcoachServiceProperties props, CoachProperties coach, Platform platform,
                            EventPublisher publisher, ActivityFeed feed, Clock clock) {
        ChatSessionStore store = new ChatSessionStore(
                props.stateDir().resolve("coach-service").resolve("chat-sessions"));
        Commands commands = new Commands(platform, new ProblemDiagnoser(), coach.closeBand(), diagnosis -> {
            try {
                var event = CoachEvents.diagnosisCompleted(diagnosis, clock);
                publisher.publishAndWait(event);
                ActivityListener.record(feed, event);
            } catch (RuntimeException e) {
                // the person still gets the report; the event is what other services would have heard
                log.warn("DiagnosisCompleted for {} could not be published: {}", diagnosis.task(), e.getMessage());
            }
        });
        LanguageModel model = coach.hasLlm()
                ? new OpenAiCompatibleModel(coach.llmUrl(), coach.llmModel(), coach.llmApiKey(), coach.serviceTimeout())
                : LanguageModel.NONE;
        Coach chatCoach = new Coach(new IntentRouter(), clock, commands, new GoalClarifier(platform.tasks()),
                new DataSourceAdvisor(platform.data()), model);
        return new ChatService(store, chatCoach, clock);
    }
}
