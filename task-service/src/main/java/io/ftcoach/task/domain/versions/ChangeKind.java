package io.ftcoach.task.domain.versions;

/** How far a new version departs from its parent, which decides its semantic name (spec §6.1). */
public enum ChangeKind {
    /** No parent: the task's first version. */
    FIRST,
    /** Data or architecture changed (data snapshot, base model, method): the next v{major}. */
    MAJOR,
    /** Only parameters changed (LoRA r/α, epochs, learning rate, batch size): v{major}.{minor}. */
    MINOR,
    /** Asked for as an experiment: v{major}-exp. */
    EXPERIMENT
}
