package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON examples of docs/api.md are JSON: what a reader copies parses. */
class ApiDocsTest {
    private static final Path API_MD = Path.of("..", "docs", "api.md");
    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\w*)\\s*$");
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A fenced block: the line it starts on, its language, its text. */
    record Block(int line, String language, String text) {
        @Override
        public String toString() {
            return "docs/api.md:" + line + " (" + (language.isEmpty() ? "no language" : language) + ")";
        }

        /** Marked json, or unmarked and starting as a JSON object or array does. */
        boolean claimsJson() {
            String start = text.strip();
            return language.equals("json") || language.isEmpty() && (start.startsWith("{") || start.startsWith("["));
        }
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(API_MD);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            blocks.add(new Block(i + 1, open.group(1), String.join("\n", lines.subList(i + 1, end))));
            i = end;
        }
        return blocks;
    }

    static Stream<Block> jsonBlocks() throws IOException {
        return blocks().stream().filter(Block::claimsJson);
    }

    @Test
    void the_api_page_has_json_examples() throws IOException {
        assertThat(jsonBlocks().count()).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonBlocks")
    void every_json_example_parses(Block block) {
        try {
            STRICT.readTree(block.text());
        } catch (IOException e) {
            throw new AssertionError(block + " is not JSON: " + e.getMessage() + "\n" + block.text(), e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonBlocks")
    void every_timestamp_in_an_example_is_written_as_the_api_writes_it(Block block) throws IOException {
        List<String> times = AnswerFormatsTest.timesIn(STRICT.readTree(block.text()), "", new ArrayList<>());
        assertThat(times).as(block.toString()).allSatisfy(t -> assertThat(t.substring(t.indexOf(" = ") + 3))
                .as(t).matches(AnswerFormatsTest.TIMESTAMP));
    }
}
