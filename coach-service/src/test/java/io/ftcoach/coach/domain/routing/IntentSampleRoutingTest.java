package io.ftcoach.coach.domain.routing;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of the routing contract, {@code ../shared/coach/intents-sample.yaml}, read at test time: the
 * intent and exactly the slots it names. A missing file fails the build; it is never skipped.
 */
class IntentSampleRoutingTest {

    private final IntentRouter router = new IntentRouter();

    static Path sampleFile() {
        String shared = System.getProperty("ftcoach.shared.dir");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "shared");
        Path file = base.resolve("coach").resolve("intents-sample.yaml");
        if (!Files.isRegularFile(file)) {
            // the project root is the parent of the module when Surefire's property is absent
            Path fallback = Path.of("..", "..", "shared", "coach", "intents-sample.yaml");
            file = Files.isRegularFile(fallback) ? fallback : file;
        }
        assertThat(file).as("the routing contract intents-sample.yaml (ftcoach.shared.dir=%s)", shared)
                .isRegularFile();
        return file;
    }

    @TestFactory
    List<DynamicTest> everyCaseOfTheSampleRoutesToItsIntentWithItsSlots() throws Exception {
        JsonNode root = YAMLMapper.builder().build().readTree(Files.readString(sampleFile()));
        JsonNode cases = root.get("cases");
        assertThat(cases).as("cases of intents-sample.yaml").isNotNull();
        assertThat(cases.size()).isGreaterThanOrEqualTo(30);
        List<String> intents = new ArrayList<>();
        root.get("intents").forEach(i -> intents.add(i.asString()));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asString();
            String intent = c.get("intent").asString();
            Map<String, String> slots = new LinkedHashMap<>();
            if (c.has("slots")) {
                c.get("slots").properties().forEach(s -> slots.put(s.getKey(), s.getValue().asString()));
            }
            tests.add(DynamicTest.dynamicTest(text, () -> {
                assertThat(intents).contains(intent);
                Route route = router.route(text);
                assertThat(route.intent().id()).as("intent of %s", text).isEqualTo(intent);
                assertThat(route.slots()).as("slots of %s", text).isEqualTo(slots);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> theSlotValuesOfTheSampleAreTheOnesTheRouterKnows() throws Exception {
        JsonNode root = YAMLMapper.builder().build().readTree(Files.readString(sampleFile()));
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("source_types", () -> assertThat(IntentRouter.SOURCE_TYPES)
                .containsExactlyElementsOf(strings(root.get("source_types")))));
        tests.add(DynamicTest.dynamicTest("symptoms", () -> assertThat(IntentRouter.SYMPTOMS)
                .containsExactlyInAnyOrderElementsOf(strings(root.get("symptoms")))));
        tests.add(DynamicTest.dynamicTest("deploy_targets", () -> assertThat(IntentRouter.TARGETS)
                .containsExactlyInAnyOrderElementsOf(strings(root.get("deploy_targets")))));
        tests.add(DynamicTest.dynamicTest("intents", () -> {
            List<String> ours = new ArrayList<>();
            for (Intent i : Intent.values()) {
                if (i != Intent.UNKNOWN) {
                    ours.add(i.id());
                }
            }
            assertThat(ours).containsExactlyInAnyOrderElementsOf(strings(root.get("intents")));
        }));
        return tests;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
