package io.ftcoach.dispatcher.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The script-running training backends' settings ({@code ftcoach.training-dispatcher.*}); every default works out
 * of the box. Secrets (the ssh password) come from environment variables through training-dispatcher.yml only.
 */
@ConfigurationProperties(prefix = "ftcoach.training-dispatcher")
public record BackendProperties(@DefaultValue Retry retry, @DefaultValue Local local, @DefaultValue Ssh ssh,
                                @DefaultValue SkyPilot skypilot, @DefaultValue Kubernetes kubernetes) {

    /**
     * Re-running a job after an infrastructure failure (a lost host, a preempted node).
     *
     * @param maxAttempts    runs in all, the first included; 1 for no retry
     * @param initialBackoff the wait before the second run, doubled for each further one
     * @param maxBackoff     the longest wait
     */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("30s") Duration initialBackoff,
                        @DefaultValue("10m") Duration maxBackoff) {
    }

    /**
     * The {@code local} backend.
     *
     * @param python           the interpreter that runs the project's scripts (its virtual environment's python)
     * @param progressInterval at most one TrainingProgress per interval
     * @param killGrace        how long a stopped script may take to exit before it is killed outright
     */
    public record Local(@DefaultValue("python3") String python, @DefaultValue("10s") Duration progressInterval,
                        @DefaultValue("10s") Duration killGrace) {
    }

    /**
     * The {@code ssh} backend: a remote GPU server.
     *
     * @param keyFile            path of a private key file; empty when a password is used
     * @param password           empty when a key is used; from FTCOACH_SSH_PASSWORD only, masked wherever shown
     * @param knownHosts         the server's key is checked against this known_hosts file
     * @param acceptUnknownHosts trust any server key (a closed lab network only)
     * @param remoteDir          where task folders go on the server, relative to the user's home or absolute
     * @param python             the interpreter on the server
     */
    public record Ssh(@DefaultValue("") String host, @DefaultValue("22") int port, @DefaultValue("") String user,
                      @DefaultValue("") String keyFile, @DefaultValue("") String password,
                      @DefaultValue("${user.home}/.ssh/known_hosts") Path knownHosts,
                      @DefaultValue("false") boolean acceptUnknownHosts,
                      @DefaultValue("ftcoach-jobs") String remoteDir, @DefaultValue("python3") String python,
                      @DefaultValue("10s") Duration pollInterval, @DefaultValue("10s") Duration progressInterval,
                      @DefaultValue("20s") Duration connectTimeout) {

        @Override
        public String toString() {
            return "Ssh[host=" + host + ", port=" + port + ", user=" + user + ", keyFile=" + keyFile + ", password="
                    + (password == null || password.isEmpty() ? "" : "****") + "]";
        }
    }

    /**
     * The {@code skypilot} backend: a cloud GPU through the SkyPilot CLI.
     *
     * @param cli            the {@code sky} executable, on the PATH or a path
     * @param rsync          fetches the results through the cluster's ssh alias
     * @param accelerators   e.g. A10G:1, L4:1, H100:8
     * @param cloud          aws, gcp, runpod, lambda …; empty for any cloud SkyPilot can reach
     * @param setup          the cluster's setup commands, run in the task folder's copy
     * @param commandTimeout how long one sky command may take (launch provisions a machine)
     * @param down           tear each job's cluster down when the job has ended
     */
    public record SkyPilot(@DefaultValue("sky") String cli, @DefaultValue("rsync") String rsync,
                           @DefaultValue("A10G:1") String accelerators, @DefaultValue("") String cloud,
                           @DefaultValue("pip install -r requirements.txt") String setup,
                           @DefaultValue("python3") String python, @DefaultValue("30s") Duration pollInterval,
                           @DefaultValue("10s") Duration progressInterval,
                           @DefaultValue("30m") Duration commandTimeout, @DefaultValue("true") boolean down) {
    }

    /**
     * The {@code kubernetes} backend: a batch/v1 Job per training job, in the cluster of the kubeconfig or the
     * service account this service runs with.
     *
     * @param image          a CUDA image with the project's requirements installed
     * @param gpus           nvidia.com/gpu per job
     * @param secret         the Secret whose keys become the job's environment (HF_TOKEN …); empty for none
     * @param workspaceClaim the PersistentVolumeClaim holding the workspace, mounted in this service at the same path
     * @param workspaceMount where the workspace is mounted in the job's container
     */
    public record Kubernetes(@DefaultValue("default") String namespace,
                             @DefaultValue("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime") String image,
                             @DefaultValue("1") int gpus, @DefaultValue("ftcoach-training-env") String secret,
                             @DefaultValue("ftcoach-workspace") String workspaceClaim,
                             @DefaultValue("/workspace") String workspaceMount, @DefaultValue("python") String python,
                             @DefaultValue("15s") Duration pollInterval, @DefaultValue("10s") Duration progressInterval) {
    }
}
