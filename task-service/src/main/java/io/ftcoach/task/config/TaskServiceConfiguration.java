package io.ftcoach.task.config;

import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.recommend.Recommender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class TaskServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Recommender recommender() {
        return new Recommender();
    }

    @Bean
    TaskRepository taskRepository(FtcoachServiceProperties props) {
        return new TaskRepository(new Workspace(props.workspace()));
    }
}
