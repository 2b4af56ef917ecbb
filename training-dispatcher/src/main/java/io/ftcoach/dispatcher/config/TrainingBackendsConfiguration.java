package io.ftcoach.dispatcher.config;

import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.RetryingBackend;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ftcoach.dispatcher.domain.kubernetes.KubernetesBackend;
import io.ftcoach.dispatcher.domain.local.LocalBackend;
import io.ftcoach.dispatcher.domain.skypilot.SkyPilotBackend;
import io.ftcoach.dispatcher.domain.ssh.SshBackend;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The backends that run the generated project (local, ssh, kubernetes, skypilot), each behind the retry policy; the Backends registry
 * picks them up with every other TrainingBackend bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackendProperties.class)
public class TrainingBackendsConfiguration {

    @Bean
    RetryingBackend.Policy retryPolicy(BackendProperties props) {
        return new RetryingBackend.Policy(props.retry().maxAttempts(), props.retry().initialBackoff(),
                props.retry().maxBackoff());
    }

    @Bean
    TrainingBackend localBackend(BackendProperties props, RetryingBackend.Policy retry, JobLog jobLog, Clock clock) {
        BackendProperties.Local local = props.local();
        return new RetryingBackend(new LocalBackend(new LocalBackend.Options(local.python(), local.progressInterval(),
                local.killGrace()), jobLog, clock), retry, RetryingBackend.threadSleep(), jobLog, clock);
    }

    /** Registered even when unconfigured, so a request for it fails saying which variables to set. */
    @Bean
    TrainingBackend sshBackend(BackendProperties props, RetryingBackend.Policy retry, JobLog jobLog, Clock clock) {
        BackendProperties.Ssh ssh = props.ssh();
        return new RetryingBackend(new SshBackend(new SshBackend.Options(ssh.host(), ssh.port(), ssh.user(),
                ssh.keyFile(), ssh.password(), ssh.knownHosts(), ssh.acceptUnknownHosts(), ssh.remoteDir(),
                ssh.python(), ssh.pollInterval(), ssh.progressInterval(), ssh.connectTimeout()), jobLog, clock),
                retry, RetryingBackend.threadSleep(), jobLog, clock);
    }

    /** Registered even without the sky CLI, so a request for it fails naming the install command. */
    @Bean
    TrainingBackend skyPilotBackend(BackendProperties props, RetryingBackend.Policy retry, JobLog jobLog,
                                    Clock clock) {
        BackendProperties.SkyPilot sky = props.skypilot();
        return new RetryingBackend(new SkyPilotBackend(new SkyPilotBackend.Options(sky.cli(), sky.rsync(),
                sky.accelerators(), sky.cloud(), sky.setup(), sky.python(), sky.pollInterval(), sky.progressInterval(),
                sky.commandTimeout(), sky.down()), jobLog, clock), retry, RetryingBackend.threadSleep(), jobLog, clock);
    }

    /** The cluster of the kubeconfig (KUBECONFIG, ~/.kube/config) or of the pod's service account; connects lazily. */
    @Bean
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean
    TrainingBackend kubernetesBackend(BackendProperties props, KubernetesClient kubernetes,
                                      RetryingBackend.Policy retry, JobLog jobLog, Clock clock) {
        BackendProperties.Kubernetes k8s = props.kubernetes();
        return new RetryingBackend(new KubernetesBackend(kubernetes, new KubernetesBackend.Options(k8s.namespace(),
                k8s.image(), k8s.gpus(), k8s.secret(), k8s.workspaceClaim(), k8s.workspaceMount(), k8s.python(),
                k8s.pollInterval(), k8s.progressInterval()), jobLog, clock), retry, RetryingBackend.threadSleep(),
                jobLog, clock);
    }
}
