package io.ftcoach.dispatcher.domain.evaluation;

/**
 * What every evaluation of a version tells, whatever the task: the split, the task's success criteria, the value of
 * its primary metric and whether that met the threshold. {@link Evaluation} scores labels, {@link NerEvaluation}
 * entities.
 */
public sealed interface EvaluationVerdict permits Evaluation, NerEvaluation {

    String split();

    SuccessCriteria criteria();

    double primaryValue();

    boolean passed();
}
