package io.ftcoach.dispatcher.config;

import io.ftcoach.dispatcher.TrainingDispatcherApplication;
import io.ftcoach.dispatcher.domain.deploy.DeployTarget;
import io.ftcoach.dispatcher.domain.deploy.Deployer;
import io.ftcoach.dispatcher.domain.deploy.DeploymentEventSink;
import io.ftcoach.dispatcher.domain.deploy.DeploymentRegistry;
import io.ftcoach.dispatcher.domain.deploy.HuggingFaceTarget;
import io.ftcoach.dispatcher.domain.deploy.OllamaTarget;
import io.ftcoach.dispatcher.domain.deploy.VllmTarget;
import io.ftcoach.support.config.FtcoachServiceProperties;
import io.ftcoach.support.workspace.Workspace;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;

/** Deployment: its record of deployments, the Hub, Ollama and vLLM targets, and the deployer that runs them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeploymentProperties.class)
public class DeploymentConfiguration {

    @Bean
    DeploymentRegistry deploymentRegistry(FtcoachServiceProperties props) {
        return new DeploymentRegistry(props.stateDir().resolve(TrainingDispatcherApplication.NAME)
                .resolve("deployments"));
    }

    @Bean
    HttpClient deploymentHttpClient() {
        // the Hub answers uploads with redirects to its storage
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Bean
    HuggingFaceTarget huggingFaceTarget(HttpClient deploymentHttpClient, DeploymentProperties p) {
        DeploymentProperties.HuggingFace hf = p.huggingface();
        return new HuggingFaceTarget(deploymentHttpClient, new HuggingFaceTarget.Settings(hf.endpoint(), hf.token(),
                hf.org(), hf.prefix(), hf.privateRepos(), p.requestTimeout()));
    }

    @Bean
    OllamaTarget ollamaTarget(HttpClient deploymentHttpClient, DeploymentProperties p) {
        return new OllamaTarget(deploymentHttpClient, new OllamaTarget.Settings(p.ollama().url(), p.requestTimeout()));
    }

    @Bean
    VllmTarget vllmTarget(HttpClient deploymentHttpClient, DeploymentProperties p) {
        return new VllmTarget(deploymentHttpClient, new VllmTarget.Settings(p.vllm().endpoint(), p.vllm().apiKey(),
                p.requestTimeout()));
    }

    @Bean
    Deployer deployer(DeploymentRegistry registry, ObjectProvider<DeployTarget> targets, FtcoachServiceProperties props,
                      DeploymentEventSink events, Clock clock) {
        return new Deployer(registry, targets.orderedStream().toList(), new Workspace(props.workspace()), events, clock,
                Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "deployment");
                    t.setDaemon(true); // a hung upload must not keep the JVM alive after the context closed
                    return t;
                }));
    }

    /** Deployments the last process left running are failed with the reason, once the service is up. */
    @EventListener(ApplicationReadyEvent.class)
    void recoverDeployments(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(Deployer.class).recover();
    }
}
