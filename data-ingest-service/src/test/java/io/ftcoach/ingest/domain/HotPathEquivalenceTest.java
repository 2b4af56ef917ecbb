package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written fast paths give exactly what the plain versions they replaced gave. */
class HotPathEquivalenceTest {

    private static final List<String> TEXTS = List.of("", " ", "plain", "  two  spaces ", "tab\there", "a\t \nb",
            "\r\n", "x\u000By\fz", "全角　空格（第1份）", "non\u00A0breaking", "Ünïcödé ÄÖÜ ß", "emoji 😀 here",
            "quote \" backslash \\ slash /", "ctrl \u0001\u001F\u007F", "lone \uD800 surrogate", "end ",
            " start", "a  ", "many\n\n\nlines", "U+FFFD \uFFFD");

    @Test
    void whitespaceCollapsesAsTheRegexDid() {
        Pattern whitespace = Pattern.compile("\\s+");
        for (String text : TEXTS) {
            assertThat(DataValidator.collapseWhitespace(text)).as(text)
                    .isEqualTo(whitespace.matcher(text).replaceAll(" "));
            String nfkc = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            assertThat(DataValidator.normalise(text)).isEqualTo(whitespace.matcher(nfkc).replaceAll(" ").strip());
        }
    }

    @Test
    void phoneNumbersNeedNineDigitsWithOrWithoutThePreCheck() {
        assertThat(DataValidator.hasPhoneNumber("call +49 30 1234 5678 now")).isTrue();
        assertThat(DataValidator.hasPhoneNumber("(030) 123-45678")).isTrue();
        assertThat(DataValidator.hasPhoneNumber("12345678")).isFalse();
        assertThat(DataValidator.hasPhoneNumber("order 2024-01-02, 35.50 euro, 3 items")).isFalse();
        // full-width digits are no ASCII \d: neither the pattern nor the pre-check counts them
        assertThat(DataValidator.hasPhoneNumber("１３８００１３８０００")).isFalse();
    }

    @Test
    void jsonLinesAreByteForByteWhatATreePerRowWrote() {
        JsonMapper json = JsonMapper.builder().build();
        List<LabeledRow> rows = TEXTS.stream().filter(t -> !t.isEmpty())
                .map(t -> new LabeledRow(t, "label " + t.length(), t.length() % 2 == 0 ? "entity" : null)).toList();
        StringBuilder expected = new StringBuilder();
        for (LabeledRow row : rows) {
            ObjectNode node = json.createObjectNode();
            node.put("text", row.text());
            node.put("label", row.label());
            if (row.entity() != null) {
                node.put("entity", row.entity());
            }
            expected.append(json.writeValueAsString(node)).append('\n');
        }
        assertThat(JsonLines.write(rows)).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(JsonLines.write(List.of())).isEmpty();
    }
}
