package dev.outagelab.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The conventions of values.yaml and values.schema.json, enforced rather than hoped for. */
class ValuesFileTest {

    /** A mapping key that starts its own line; keys of list items ("- name:") are described by their list. */
    private static final Pattern KEY_LINE = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9_-]*:.*");

    @Test
    void valuesFileStartsWithTheSchemaModeline() throws IOException {
        assertEquals("# yaml-language-server: $schema=values.schema.json", Files.readAllLines(Chart.PATH.resolve("values.yaml")).get(0));
    }

    @Test
    void everyKeyInValuesFileHasACommentAbove() throws IOException {
        List<String> lines = Files.readAllLines(Chart.PATH.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!KEY_LINE.matcher(line).matches() || isInsideListItem(lines, i)) {
                continue;
            }
            if (!lines.get(i - 1).trim().startsWith("#")) {
                undocumented.add((i + 1) + ": " + line.trim());
            }
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void everyObjectInTheValuesSchemaForbidsUnknownKeys() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Chart.PATH.resolve("values.schema.json").toFile());
        List<String> open = new ArrayList<>();
        collectOpenObjects(schema, "$", open);

        assertFalse(schema.path("properties").isEmpty());
        assertEquals(List.of(), open);
    }

    /** True if the line belongs to a "- " list item (same indent as the text after the dash). */
    private static boolean isInsideListItem(List<String> lines, int index) {
        int indent = indent(lines.get(index));
        for (int i = index; i >= 0; i--) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("- ") && indent(line) + 2 == indent) {
                return true;
            }
            if (indent(line) < indent) {
                return false;
            }
        }
        return false;
    }

    private static int indent(String line) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        return indent;
    }

    private static void collectOpenObjects(JsonNode node, String path, List<String> open) {
        if (node.isObject()) {
            boolean closed = node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean();
            // A map whose keys are data (labels) is declared as one: typed values and constrained names.
            boolean declaredMap = node.path("additionalProperties").isObject() && node.has("propertyNames");
            closed |= declaredMap;
            if ("object".equals(node.path("type").asText()) && !closed) {
                open.add(path);
            }
            node.fields().forEachRemaining(field -> collectOpenObjects(field.getValue(), path + "." + field.getKey(), open));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectOpenObjects(node.get(i), path + "[" + i + "]", open);
            }
        }
    }
}
