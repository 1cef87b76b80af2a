package dev.outagelab.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart under test and the real Helm library that renders it. Renders are cached because every
 * test reads the same few value sets and a render goes through Helm's Go code.
 */
final class Chart {

    /** Surefire runs with the module directory as working directory. */
    static final Path PATH = Path.of("outage-lab");
    static final String RELEASE = "lab";
    static final String NAMESPACE = "outage-lab";
    /** What `<release>-<chart>` becomes for release {@link #RELEASE}. */
    static final String FULLNAME = "lab-outage-lab";

    static final YAMLMapper YAML = new YAMLMapper();

    private static final Map<String, Manifests> RENDERED = new LinkedHashMap<>();
    private static FakeKubernetesApi kubernetes;

    private Chart() {
    }

    /** The extra value sets in ci/, as prometheus-community charts keep them. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(PATH.resolve("ci"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path ciValues(String name) {
        return PATH.resolve("ci").resolve(name);
    }

    static Manifests render(Path valuesFile) {
        return render(valuesFile, Map.of());
    }

    /** helm template --namespace outage-lab lab outage-lab -f valuesFile --set key=value..., cached. */
    static synchronized Manifests render(Path valuesFile, Map<String, Object> sets) {
        String key = valuesFile + " " + sets;
        Manifests cached = RENDERED.get(key);
        if (cached == null) {
            cached = renderAgainst(kubernetes(), valuesFile, sets);
            RENDERED.put(key, cached);
        }
        return cached;
    }

    /** Renders without the cache, for tests that change what the (fake) cluster holds. */
    static synchronized Manifests renderAgainst(FakeKubernetesApi cluster, Path valuesFile, Map<String, Object> sets) {
        TemplateCommand template = new Helm(PATH).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(valuesFile);
        sets.forEach(template::set);
        return new Manifests(parse(template.call()));
    }

    /** The one fake API server of this JVM; it lives until the JVM exits. */
    static synchronized FakeKubernetesApi kubernetes() {
        if (kubernetes == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || kubeconfig.isBlank()) {
                throw new IllegalStateException("KUBECONFIG is not set; run the tests through Maven (surefire sets it)");
            }
            kubernetes = FakeKubernetesApi.start(Path.of(kubeconfig));
        }
        return kubernetes;
    }

    /**
     * Renders the chart's {@code helm test} hooks. helm-java's template returns the release manifest
     * only, without hooks, so this renders a copy whose test templates carry the hook annotations
     * under another name.
     * Callers check the annotation on the real template separately.
     */
    static Manifests renderTestHooks(Path valuesFile, Path workDir) {
        Path copy = copyTo(workDir);
        try (Stream<Path> tests = Files.list(copy.resolve("templates/tests"))) {
            for (Path test : tests.toList()) {
                // Renamed rather than removed, so the annotations map keeps its shape.
                Files.writeString(test, Files.readString(test).replace("\"helm.sh/hook", "\"was.helm.sh/hook"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TemplateCommand template = new Helm(copy).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(valuesFile.toAbsolutePath());
        kubernetes();
        return new Manifests(parse(template.call()).stream().filter(object -> object.path("kind").asText().equals("Pod")).toList());
    }

    /**
     * A copy of the chart whose values.yaml is the chart's values with valuesFile merged over them,
     * the way Helm merges -f files (maps merge key by key, anything else is replaced). helm-java's
     * lint takes no values file, so this is how lint sees a ci/ value set.
     */
    static Path copyWithValues(Path valuesFile, Path workDir) {
        Path copy = copyTo(workDir);
        try {
            JsonNode merged = merge(YAML.readTree(PATH.resolve("values.yaml").toFile()), YAML.readTree(valuesFile.toFile()));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (override == null || override.isMissingNode() || override.isNull()) {
            return base;
        }
        if (!base.isObject() || !override.isObject()) {
            return override;
        }
        ObjectNode result = ((ObjectNode) base).deepCopy();
        override.fields().forEachRemaining(entry -> result.set(entry.getKey(),
                result.has(entry.getKey()) ? merge(result.get(entry.getKey()), entry.getValue()) : entry.getValue()));
        return result;
    }

    /** Copies the chart into workDir/outage-lab (Helm wants the directory to carry the chart's name). */
    private static Path copyTo(Path workDir) {
        Path target = workDir.resolve(PATH.getFileName());
        try (Stream<Path> files = Files.walk(PATH)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(PATH.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static List<JsonNode> parse(String multiDocumentYaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                // Templates that render nothing leave empty documents between the separators.
                if (document != null && document.isObject() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }
}
