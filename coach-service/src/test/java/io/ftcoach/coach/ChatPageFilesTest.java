package io.ftcoach.coach;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat page's own files: nothing fetched from elsewhere, and no way for text to become markup. */
class ChatPageFilesTest {

    private static final Pattern EXTERNAL = Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//|url\\(\\s*['\"]?(https?:)?//|@import");

    @Test
    void thePageLoadsNothingFromElsewhere() throws IOException {
        for (String file : new String[] {"index.html", "app.js", "app.css"}) {
            assertThat(EXTERNAL.matcher(read(file)).find()).as("%s refers to another host", file).isFalse();
        }
        assertThat(read("index.html")).contains("<script src=\"app.js\"></script>")
                .contains("<link rel=\"stylesheet\" href=\"app.css\">").contains("script-src 'self'");
    }

    @Test
    void textNeverBecomesMarkup() throws IOException {
        String js = read("app.js");
        assertThat(js).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
    }

    private static String read(String file) throws IOException {
        try (InputStream in = ChatPageFilesTest.class.getResourceAsStream("/static/" + file)) {
            assertThat(in).as("static/%s on the classpath", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
