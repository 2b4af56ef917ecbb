package io.ftcoach.dispatcher.api;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Training jobs and their states (queued, running, succeeded, failed, cancelled). */
@RestController
@RequestMapping("/api/jobs")
public class JobController {

    private final JobRegistry jobs;

    public JobController(JobRegistry jobs) {
        this.jobs = jobs;
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
}
