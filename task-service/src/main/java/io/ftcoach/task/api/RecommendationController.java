package io.ftcoach.task.api;

import io.ftcoach.task.domain.recommend.Need;
import io.ftcoach.task.domain.recommend.Recommendation;
import io.ftcoach.task.domain.recommend.RecommendationRequest;
import io.ftcoach.task.domain.recommend.Recommender;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The knowledge base's recommendation (spec §2.1, §3.2) for a data size, language, needs and GPU. */
@RestController
@RequestMapping("/api/recommendations")
public class RecommendationController {

    private final Recommender recommender;

    public RecommendationController(Recommender recommender) {
        this.recommender = recommender;
    }

    /**
     * @param dataSize        labelled samples (required)
     * @param language        zh-TW (default), zh-CN, en, …
     * @param needs           chinese, reasoning, lightweight, ecosystem, cost; the first decides the model
     * @param gpuMemoryGb     GPU memory to train on; omit when not known
     * @param taskType        classification (default), extraction, generation, qa
     * @param preferenceData  preference pairs are available
     * @param strongAlignment strong alignment is needed
     */
    public record RecommendationQuery(Integer dataSize, String language, List<String> needs, Double gpuMemoryGb,
                                      String taskType, Boolean preferenceData, Boolean strongAlignment) {

        RecommendationRequest toRequest() {
            if (dataSize == null) {
                throw new IllegalArgumentException("dataSize is required: the number of labelled samples, e.g. 800");
            }
            return new RecommendationRequest(dataSize, language,
                    needs == null ? List.of() : needs.stream().map(Need::parse).toList(), gpuMemoryGb, taskType,
                    Boolean.TRUE.equals(preferenceData), Boolean.TRUE.equals(strongAlignment));
        }
    }

    public record LoraView(int r, int alpha) {
    }

    /** The recommendation as JSON; {@code method} is task.yaml's training.method value. */
    public record RecommendationView(String approach, String approachDescription, String baseModel, String method,
                                     LoraView lora, int epochs, String epochRange, double learningRate,
                                     boolean gpuFits, String execution, List<String> rationale,
                                     List<String> warnings) {

        static RecommendationView of(Recommendation r) {
            return new RecommendationView(r.approach().name().toLowerCase(), r.approach().description(), r.baseModel(),
                    r.method().yamlName(), r.lora() == null ? null : new LoraView(r.lora().r(), r.lora().alpha()),
                    r.epochs(), r.epochRange(), r.learningRate(), r.gpuFits(), r.execution(), r.rationale(),
                    r.warnings());
        }
    }

    @PostMapping
    public RecommendationView recommend(@RequestBody RecommendationQuery query) {
        return RecommendationView.of(recommender.recommend(query.toRequest()));
    }
}
