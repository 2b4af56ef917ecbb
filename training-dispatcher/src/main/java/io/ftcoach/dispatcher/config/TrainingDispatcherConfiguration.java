package io.ftcoach.dispatcher.config;

import io.ftcoach.dispatcher.TrainingDispatcherApplication;
import io.ftcoach.dispatcher.domain.Backends;
import io.ftcoach.dispatcher.domain.JobEventSink;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.JobRegistry;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.ftcoach.dispatcher.domain.TrainingDispatcher;
import io.ftcoach.dispatcher.domain.baseline.BaselineBackend;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

@Configuration(proxyBeanMethods = false)
public class TrainingDispatcherConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    JobRegistry jobRegistry(FtcoachServiceProperties props) {
        return new JobRegistry(props.stateDir().resolve(TrainingDispatcherApplication.NAME).resolve("jobs"));
    }

    /** Each job's log: {@code <state-dir>/training-dispatcher/jobs/<id>.log}, beside its job file. */
    @Bean
    JobLog jobLog(FtcoachServiceProperties props) {
        return new JobLog(props.stateDir().resolve(TrainingDispatcherApplication.NAME).resolve("jobs"));
    }

    /** The in-process CPU classifier (Tribuo): a real baseline number for every text-classification task. */
    @Bean
    BaselineBackend baselineBackend() {
        return new BaselineBackend();
    }

    /** Every {@link TrainingBackend} bean: the baseline here; further backends register themselves as beans. */
    @Bean
    Backends backends(ObjectProvider<TrainingBackend> available) {
        return new Backends(available.orderedStream().toList());
    }

    @Bean
    TrainingDispatcher trainingDispatcher(JobRegistry jobs, Backends backends, FtcoachServiceProperties props,
                                          JobEventSink events, Clock clock, JobLog jobLog,
                                          @Value("${ftcoach.training-dispatcher.max-concurrent-jobs:2}") int maxJobs) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("ftcoach.training-dispatcher.max-concurrent-jobs must be at least 1, was "
                    + maxJobs);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "training-job-" + n.incrementAndGet());
            t.setDaemon(true); // a stuck backend must not keep the JVM alive after the contexts closed
            return t;
        };
        return new TrainingDispatcher(jobs, backends, new Workspace(props.workspace()), events, clock,
                Executors.newFixedThreadPool(maxJobs, threads), jobLog);
    }

    /** Once the service is up (its producer ready), jobs left over from the last run are taken care of. */
    @EventListener(ApplicationReadyEvent.class)
    void recoverJobs(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(TrainingDispatcher.class).recover();
    }
}
