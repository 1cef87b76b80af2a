package dev.outagelab.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration a service reads, taken from its sources: every {@code @ConfigMapping} interface of
 * the module and of service-kit (method names in kebab-case, {@code @WithName}, nested interfaces,
 * {@code Optional}, {@code List} as {@code key[i]} or a comma list, {@code Map} as one free segment), plus
 * the environment variables its application.properties names in {@code ${VAR}} expressions.
 *
 * <p>A small reader for the way our mappings are written (one declaration per line), not a Java parser:
 * if it cannot follow a type it says so rather than guess.
 */
final class ConfigMappings {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile("^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*([\\w.<>, ?\\[\\]]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Set<String> QUARKUS_KEYS_THE_CHART_MAY_SET = Set.of("quarkus.config.locations",
            "quarkus.datasource.jdbc.acquisition-timeout");

    /** Interface simple name to property name to declared type. */
    private final Map<String, Map<String, String>> interfaces = new LinkedHashMap<>();
    /** Mapping prefix to its root interface. */
    private final Map<String, String> roots = new LinkedHashMap<>();
    private final Set<String> environmentReferences = new TreeSet<>();

    private ConfigMappings() {
    }

    /** The mappings of module {@code ../<module>} and of {@code ../service-kit}. */
    static ConfigMappings of(String module) {
        ConfigMappings mappings = new ConfigMappings();
        for (String source : List.of(module, "service-kit")) {
            mappings.scan(Path.of("..", source, "src", "main", "java"));
            Path properties = Path.of("..", source, "src", "main", "resources", "application.properties");
            if (Files.exists(properties)) {
                Matcher reference = ENV_REFERENCE.matcher(read(properties));
                while (reference.find()) {
                    mappings.environmentReferences.add(reference.group(1));
                }
            }
        }
        if (mappings.roots.isEmpty()) {
            throw new IllegalStateException("no @ConfigMapping found for " + module);
        }
        return mappings;
    }

    Set<String> prefixes() {
        return roots.keySet();
    }

    /** Empty if the service reads the property, else why not. */
    Optional<String> problemWithProperty(String key) {
        if (QUARKUS_KEYS_THE_CHART_MAY_SET.contains(key) || key.equals("config_ordinal")) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> root : roots.entrySet()) {
            if (key.startsWith(root.getKey() + ".")) {
                List<String> segments = List.of(key.substring(root.getKey().length() + 1).split("\\."));
                return walk(segments, root.getValue(), key);
            }
        }
        return Optional.of(key + ": no @ConfigMapping prefix of the service covers it; prefixes are " + prefixes());
    }

    /** Empty if the service reads the environment variable (a mapped property or a ${VAR} it names). */
    Optional<String> problemWithEnvironmentVariable(String name) {
        if (environmentReferences.contains(name)) {
            return Optional.empty();
        }
        for (String quarkusKey : QUARKUS_KEYS_THE_CHART_MAY_SET) {
            if (environmentName(quarkusKey).equals(name)) {
                return Optional.empty();
            }
        }
        Set<String> plain = new TreeSet<>();
        roots.forEach((prefix, root) -> collectPlainKeys(prefix, root, plain, 0));
        for (String key : plain) {
            if (environmentName(key).equals(name)) {
                return Optional.empty();
            }
        }
        return Optional.of(name + ": names no property of the service's mappings and no ${" + name + "} in its application.properties");
    }

    /** MicroProfile Config's rule: upper case, every non-alphanumeric character an underscore. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private Optional<String> walk(List<String> segments, String type, String key) {
        String current = unwrapOptional(type);
        for (int i = 0; i < segments.size(); i++) {
            Map<String, String> properties = interfaces.get(current);
            if (properties == null) {
                return Optional.of(key + ": " + current + " takes no sub-key " + String.join(".", segments.subList(i, segments.size())));
            }
            String segment = segments.get(i);
            boolean indexed = segment.matches(".+\\[\\d+]");
            String name = indexed ? segment.substring(0, segment.indexOf('[')) : segment;
            String declared = properties.get(name);
            if (declared == null) {
                return Optional.of(key + ": " + current + " has no property " + name + "; it has " + properties.keySet());
            }
            current = unwrapOptional(declared);
            if (current.startsWith("List<")) {
                String element = unwrapOptional(inner(current));
                if (!indexed && interfaces.containsKey(element)) {
                    return Optional.of(key + ": " + name + " is a list of " + element + "; write " + name + "[i]");
                }
                current = element;
            } else if (indexed) {
                return Optional.of(key + ": " + name + " is not a list");
            }
            if (current.startsWith("Map<")) {
                i++; // the map key, any name
                if (i >= segments.size()) {
                    return Optional.of(key + ": " + name + " is a map; a key must follow");
                }
                current = unwrapOptional(inner(current).substring(inner(current).indexOf(',') + 1).trim());
            }
        }
        if (interfaces.containsKey(current)) {
            return Optional.of(key + ": names the group " + current + ", not a value");
        }
        return Optional.empty();
    }

    /** Keys reachable without a list index or a map key: what an environment variable can name unambiguously. */
    private void collectPlainKeys(String prefix, String type, Set<String> keys, int depth) {
        Map<String, String> properties = interfaces.get(type);
        if (properties == null || depth > 8) {
            keys.add(prefix);
            return;
        }
        properties.forEach((name, declared) -> {
            String unwrapped = unwrapOptional(declared);
            if (!unwrapped.startsWith("Map<") && !(unwrapped.startsWith("List<") && interfaces.containsKey(unwrapOptional(inner(unwrapped))))) {
                collectPlainKeys(prefix + "." + name, unwrapped, keys, depth + 1);
            }
        });
    }

    private void scan(Path sourceRoot) {
        if (!Files.isDirectory(sourceRoot)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String text = read(file);
                Matcher prefix = PREFIX.matcher(text);
                if (prefix.find()) {
                    parse(text, prefix.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void parse(String text, String prefix) {
        // @WithName("x") survives as a marker; comments and other string literals (with their braces) go.
        String code = WITH_NAME.matcher(text).replaceAll("@WithName_$1")
                .replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("//[^\\n]*", "")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> openedAt = new ArrayDeque<>();
        int depth = 0;
        String pendingName = null;
        String firstInterface = null;
        for (String line : code.split("\n")) {
            Matcher declaration = INTERFACE.matcher(line);
            if (declaration.find()) {
                open.push(declaration.group(1));
                openedAt.push(depth + 1);
                interfaces.putIfAbsent(declaration.group(1), new LinkedHashMap<>());
                if (firstInterface == null) {
                    firstInterface = declaration.group(1);
                }
            }
            Matcher withName = Pattern.compile("@WithName_([\\w.-]+)").matcher(line);
            if (withName.find()) {
                pendingName = withName.group(1);
            }
            Matcher method = METHOD.matcher(line.replaceAll("@WithName_[\\w.-]+", ""));
            if (!open.isEmpty() && depth == openedAt.peek() && method.find() && !line.contains("default ") && !line.contains("static ")) {
                String name = pendingName != null ? pendingName : kebab(method.group(2));
                interfaces.get(open.peek()).put(name, simpleType(method.group(1).trim()));
                pendingName = null;
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (!open.isEmpty() && depth == openedAt.peek()) {
                        open.pop();
                        openedAt.pop();
                    }
                    depth--;
                }
            }
        }
        roots.put(prefix, firstInterface);
    }

    private static String simpleType(String type) {
        return type.replaceAll("[\\w]+\\.(?=[A-Z])", "").replace("? extends ", "");
    }

    private static String unwrapOptional(String type) {
        String trimmed = type.trim();
        return trimmed.startsWith("Optional<") ? unwrapOptional(inner(trimmed)) : trimmed;
    }

    private static String inner(String generic) {
        return generic.substring(generic.indexOf('<') + 1, generic.lastIndexOf('>')).trim();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
