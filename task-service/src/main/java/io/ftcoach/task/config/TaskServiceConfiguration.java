package io.ftcoach.task.config;

import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.generate.ProjectFolder;
import io.ftcoach.task.domain.generate.ProjectGenerator;
import io.ftcoach.task.domain.versions.VersionHistory;
import io.ftcoach.task.TaskServiceApplication;
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

    @Bean
    ProjectFolder projectFolder(FtcoachServiceProperties props) {
        return new ProjectFolder(new Workspace(props.workspace()), new ProjectGenerator());
    }

    @Bean
    VersionHistory versionHistory(FtcoachServiceProperties props) {
        return new VersionHistory(props.stateDir().resolve(TaskServiceApplication.NAME).resolve("versions"));
    }
}
