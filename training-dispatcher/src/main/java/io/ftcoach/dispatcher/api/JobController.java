package io.ftcoach.dispatcher.api;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.JobRegistry;
import io.ftcoach.dispatcher.domain.JobState;
import io.ftcoach.dispatcher.domain.TrainingDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Training jobs and their states (queued, running, succeeded, failed, cancelled), their logs (plain text, or
 * followed as server-sent events) and cancelling them.
 */
@RestController
@RequestMapping("/api/jobs")
public class JobController implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobController.class);
    /** How often a followed log is read for new lines. */
    private static final long POLL_MILLIS = 250;

    private final JobRegistry jobs;
    private final JobLog jobLog;
    private final TrainingDispatcher dispatcher;
    private final long followMillis;
    private final ExecutorService followers;

    public JobController(JobRegistry jobs, JobLog jobLog, TrainingDispatcher dispatcher,
                         @Value("${ftcoach.training-dispatcher.log-follow-timeout-seconds:1800}") long followSeconds) {
        if (followSeconds < 1) {
            throw new IllegalArgumentException(
                    "ftcoach.training-dispatcher.log-follow-timeout-seconds must be at least 1, was " + followSeconds);
        }
        this.jobs = jobs;
        this.jobLog = jobLog;
        this.dispatcher = dispatcher;
        this.followMillis = followSeconds * 1000;
        AtomicInteger n = new AtomicInteger();
        this.followers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "job-log-follower-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** All jobs, oldest first. */
    @GetMapping
    public List<Job> list() {
        return jobs.list();
    }

    @GetMapping("/{id}")
    public Job get(@PathVariable String id) {
        return jobs.get(id);
    }

    /**
     * Cancels a job: 200 with the cancelled job when it was queued; 202 with the job still running when its backend
     * was interrupted (it ends cancelled shortly, announced as TrainingFailed with category CANCELLED); 409 for a
     * job that has ended; 404 for an unknown one.
     */
    @PostMapping("/{id}/cancel")
    public ResponseEntity<Job> cancel(@PathVariable String id) {
        Job job = dispatcher.cancel(id);
        return ResponseEntity.status(job.state() == JobState.CANCELLED ? HttpStatus.OK : HttpStatus.ACCEPTED).body(job);
    }

    /** The job's log as it is now, UTF-8 plain text; empty when it wrote nothing yet. */
    @GetMapping(value = "/{id}/log", produces = "text/plain;charset=UTF-8")
    public String log(@PathVariable String id) {
        jobs.get(id);
        return jobLog.read(id);
    }

    /**
     * The job's log as server-sent events: every line so far, then new lines as they are written (event
     * {@code line}), until the job ends (event {@code end}, its state as data) or the follow time limit passes
     * (event {@code timeout}).
     */
    @GetMapping(value = "/{id}/log", params = "follow=true", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter follow(@PathVariable String id) {
        jobs.get(id);
        SseEmitter emitter = new SseEmitter(followMillis + 5_000);
        followers.execute(() -> stream(id, emitter));
        return emitter;
    }

    private void stream(String id, SseEmitter emitter) {
        long deadline = System.currentTimeMillis() + followMillis;
        long offset = 0;
        boolean ended = false;
        try {
            while (true) {
                // the job's state is read before its log, so the lines of its end are read after it is seen ended
                JobState state = jobs.get(id).state();
                JobLog.Chunk chunk = jobLog.readFrom(id, offset);
                for (String line : chunk.lines()) {
                    emitter.send(SseEmitter.event().name("line").data(line, MediaType.TEXT_PLAIN));
                }
                offset = chunk.next();
                if (ended) {
                    emitter.send(SseEmitter.event().name("end").data(state.key(), MediaType.TEXT_PLAIN));
                    emitter.complete();
                    return;
                }
                if (state.terminal()) {
                    ended = true; // one more read after a pause, for the last lines written after the state
                } else if (System.currentTimeMillis() >= deadline) {
                    emitter.send(SseEmitter.event().name("timeout").data("Stopped following job " + id + " after "
                            + followMillis / 1000 + " s; it is " + state.key()
                            + "; follow it again with GET /api/jobs/" + id + "/log?follow=true", MediaType.TEXT_PLAIN));
                    emitter.complete();
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the emitter timed out: nothing more to send
            log.debug("Stopped following the log of job {}: {}", id, e.getMessage());
            emitter.completeWithError(e);
        } catch (InterruptedException e) {
            emitter.complete();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Following the log of job {} failed: {}", id, e.getMessage(), e);
            emitter.completeWithError(e);
        }
    }

    @Override
    public void destroy() {
        followers.shutdownNow();
    }
}
