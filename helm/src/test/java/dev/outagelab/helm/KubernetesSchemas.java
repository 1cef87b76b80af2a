package dev.outagelab.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The Kubernetes object schemas that fabric8 6.13.5 ships in each model jar as
 * {@code schema/validation-schema.json}: one draft-07 document per jar whose definitions are keyed
 * like {@code kubernetes_apps_StatefulSet} and carry the object's apiVersion and kind as defaults.
 *
 * <p>The documents are generated from Java classes, so they are adjusted before use:
 * IntOrString and Quantity are objects in Java but an integer or a string in YAML; fabric8's own
 * keywords (javaType, ...) and draft-03 style {@code "required": true} flags are dropped; and every
 * definition that lists its properties gets {@code additionalProperties: false}, so a misspelled
 * field fails instead of being ignored (the API server would drop it silently).
 */
final class KubernetesSchemas {

    private static final String RESOURCE = "schema/validation-schema.json";
    private static final Set<String> FABRIC8_KEYWORDS = Set.of(
            "javaType", "existingJavaType", "javaInterfaces", "javaOmitEmpty", "serializer", "deserializer",
            "javaName", "id", "$module", "resources");
    private static final Set<String> INT_OR_STRING_TYPES = Set.of(
            "io.fabric8.kubernetes.api.model.IntOrString", "io.fabric8.kubernetes.api.model.Quantity");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubernetesSchemas instance;

    private final ObjectNode definitions;
    /** "apps/v1 StatefulSet" to "kubernetes_apps_StatefulSet". */
    private final Map<String, String> definitionByType;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private KubernetesSchemas(ObjectNode definitions, Map<String, String> definitionByType) {
        this.definitions = definitions;
        this.definitionByType = definitionByType;
    }

    static synchronized KubernetesSchemas load() {
        if (instance == null) {
            instance = read(KubernetesSchemas.class.getClassLoader());
        }
        return instance;
    }

    private static KubernetesSchemas read(ClassLoader classLoader) {
        ObjectNode definitions = JSON.createObjectNode();
        try {
            // Every fabric8 model jar uses the same resource path; each document repeats the core
            // definitions it refers to, so the first copy of a name is kept.
            for (URL url : Collections.list(classLoader.getResources(RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    JsonNode document = JSON.readTree(in);
                    document.path("definitions").fields().forEachRemaining(entry -> {
                        if (!definitions.has(entry.getKey())) {
                            definitions.set(entry.getKey(), normalizeDefinition(entry.getValue()));
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (definitions.isEmpty()) {
            throw new IllegalStateException("no " + RESOURCE + " on the test classpath (fabric8 kubernetes-model 6.x jars)");
        }
        Map<String, String> byType = new TreeMap<>();
        definitions.fields().forEachRemaining(entry -> {
            JsonNode properties = entry.getValue().path("properties");
            String apiVersion = properties.path("apiVersion").path("default").asText("");
            String kind = properties.path("kind").path("default").asText("");
            if (!apiVersion.isEmpty() && !kind.isEmpty()) {
                byType.putIfAbsent(apiVersion + " " + kind, entry.getKey());
            }
        });
        return new KubernetesSchemas(definitions, byType);
    }

    private static JsonNode normalizeDefinition(JsonNode definition) {
        String javaType = definition.path("javaType").asText("");
        if (INT_OR_STRING_TYPES.contains(javaType)) {
            ObjectNode intOrString = JSON.createObjectNode();
            intOrString.putArray("type").add("integer").add("string");
            return intOrString;
        }
        ObjectNode copy = (ObjectNode) stripFabric8Keywords(definition.deepCopy());
        if ("object".equals(copy.path("type").asText()) && copy.path("properties").size() > 0) {
            copy.put("additionalProperties", false);
        }
        return copy;
    }

    private static JsonNode stripFabric8Keywords(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode object = (ObjectNode) schema;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean draft3Required = field.getKey().equals("required") && field.getValue().isBoolean();
                if (FABRIC8_KEYWORDS.contains(field.getKey()) || draft3Required) {
                    fields.remove();
                } else if (field.getKey().equals("properties")) {
                    // Property names are data here, not keywords: a field called "resources" stays.
                    field.getValue().forEach(KubernetesSchemas::stripFabric8Keywords);
                } else {
                    stripFabric8Keywords(field.getValue());
                }
            }
        } else if (schema.isArray()) {
            schema.forEach(KubernetesSchemas::stripFabric8Keywords);
        }
        return schema;
    }

    /** Types ("apps/v1 StatefulSet") that have a schema. */
    Set<String> knownTypes() {
        return definitionByType.keySet();
    }

    /**
     * Problems of one rendered object, empty if it is valid. An apiVersion/kind without a schema is
     * itself a problem, so a new kind in the chart cannot slip through unvalidated.
     */
    List<String> validate(JsonNode object) {
        String type = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        String definition = definitionByType.get(type);
        if (definition == null) {
            return List.of(type + ": no schema for this apiVersion and kind");
        }
        JsonSchema schema = compiled.computeIfAbsent(definition, this::compile);
        Set<ValidationMessage> messages = schema.validate(object);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    private JsonSchema compile(String definition) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("$ref", "#/definitions/" + definition);
        root.set("definitions", definitions);
        return factory.getSchema(root);
    }
}
