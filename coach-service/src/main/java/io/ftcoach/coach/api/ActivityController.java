package io.ftcoach.coach.api;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.ActivityItem;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** What has happened to a task lately, oldest first (the last {@value ActivityFeed#DEFAULT_CAPACITY} items). */
@RestController
@RequestMapping("/api/activity")
public class ActivityController {

    private final ActivityFeed feed;

    public ActivityController(ActivityFeed feed) {
        this.feed = feed;
    }

    /** Empty for a task the coach has heard nothing of since it started; the feed is not the task's record. */
    @GetMapping("/{task}")
    public List<ActivityItem> activity(@PathVariable String task) {
        return feed.items(TaskName.of(task));
    }
}
