package io.ftcoach.ingest.domain;

import java.util.List;
import java.util.stream.Collectors;

/** data_source.yaml is not valid; every problem found is listed, in the order of the file. */
public class InvalidDataSourceException extends IllegalArgumentException {

    private final transient List<ConfigProblem> problems;

    public InvalidDataSourceException(List<ConfigProblem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " problems: " + problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
