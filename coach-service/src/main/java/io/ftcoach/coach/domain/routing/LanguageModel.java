package io.ftcoach.coach.domain.routing;

import java.util.List;
import java.util.Optional;

/**
 * An optional language model that helps understand free text the rules did not. Used only when configured; the
 * coach works fully without one ({@link #NONE}).
 */
public interface LanguageModel {

    /** The intent id (one of {@code intentIds}) the text asks for, or empty when the model cannot tell. */
    Optional<String> intentOf(String text, List<String> intentIds);

    LanguageModel NONE = (text, ids) -> Optional.empty();
}
