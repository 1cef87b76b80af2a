package dev.outagelab.cdnedge.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Turns the JSON of a service config into a {@link ServiceConfig}, collecting every problem with the name of its
 * field, so an operator fixes a config in one round. Unknown fields are errors: a typo must not silently do nothing.
 */
public final class ConfigParser {

    /** RFC 1123 host names, lower case, as the edge compares them. */
    static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Set<String> SERVICE_FIELDS =
            Set.of("name", "domains", "origin", "staleWhileRevalidate", "staleIfError", "rules");
    /** RFC 2782's {@code _service._proto.name}, lower case. */
    public static final Pattern SRV_NAME = Pattern.compile("_[a-z0-9][a-z0-9-]{0,61}\\._(tcp|udp)\\.(?=.{1,240}$)"
            + "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Set<String> ORIGIN_FIELDS = Set.of("host", "port", "srv", "pinAddress", "connectTimeout",
            "readTimeout", "maxConnections", "maxWait", "breakerFailures");
    private static final Set<String> RULE_FIELDS = Set.of("name", "pathPrefix", "pathRegex", "ttl", "pass",
            "responseHeaders", "requestHeaders", "surrogateKeys");
    private static final int MAX_RULES = 100;

    private ConfigParser() {
    }

    /** The services file: {@code {"services": [ {service}, ... ]}}. */
    public static List<ServiceConfig> parseFile(String text) throws InvalidConfigException {
        JsonObject root = object(text);
        List<ConfigError> errors = new ArrayList<>();
        unknownFields(root, Set.of("services"), "", errors);
        Object services = root.getValue("services");
        if (!(services instanceof JsonArray array)) {
            throw new InvalidConfigException("services", "must be an array of service configs");
        }
        List<ServiceConfig> parsed = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "services[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject service)) {
                errors.add(new ConfigError(at, "must be an object"));
                continue;
            }
            try {
                ServiceConfig config = parse(service);
                if (!names.add(config.name())) {
                    errors.add(new ConfigError(at + ".name", "'" + config.name() + "' appears twice in the file"));
                }
                parsed.add(config);
            } catch (InvalidConfigException e) {
                e.errors().forEach(err -> errors.add(new ConfigError(at + "." + err.field(), err.message())));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return parsed;
    }

    public static ServiceConfig parse(String text) throws InvalidConfigException {
        return parse(object(text));
    }

    public static ServiceConfig parse(JsonObject json) throws InvalidConfigException {
        List<ConfigError> errors = new ArrayList<>();
        unknownFields(json, SERVICE_FIELDS, "", errors);
        String name = string(json, "name", "", errors);
        if (name != null && !SERVICE_NAME.matcher(name).matches()) {
            errors.add(new ConfigError("name", "must be 1-63 lower-case letters, digits or '-', was '" + name + "'"));
        }
        List<String> domains = domains(json, errors);
        OriginSpec origin = origin(json.getValue("origin"), errors);
        Duration swr = optionalDuration(json, "staleWhileRevalidate", "", errors).orElse(Duration.ZERO);
        Duration sie = optionalDuration(json, "staleIfError", "", errors).orElse(Duration.ZERO);
        List<Rule> rules = rules(json.getValue("rules"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new ServiceConfig(name, domains, origin, swr, sie, rules, json.copy());
    }

    private static JsonObject object(String text) throws InvalidConfigException {
        try {
            Object value = io.vertx.core.json.Json.decodeValue(text == null ? "" : text);
            if (value instanceof JsonObject json) {
                return json;
            }
            throw new InvalidConfigException("$", "must be a JSON object");
        } catch (DecodeException e) {
            throw new InvalidConfigException("$", "not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static List<String> domains(JsonObject json, List<ConfigError> errors) {
        Object value = json.getValue("domains");
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            errors.add(new ConfigError("domains", "must be a non-empty array of host names"));
            return List.of();
        }
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object d = array.getValue(i);
            if (d instanceof String s && HOST_NAME.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
                String domain = s.toLowerCase(Locale.ROOT);
                if (domains.contains(domain)) {
                    errors.add(new ConfigError("domains[" + i + "]", "'" + domain + "' is listed twice"));
                }
                domains.add(domain);
            } else {
                errors.add(new ConfigError("domains[" + i + "]", "must be a host name, was " + d));
            }
        }
        return List.copyOf(domains);
    }

    private static OriginSpec origin(Object value, List<ConfigError> errors) {
        if (!(value instanceof JsonObject o)) {
            errors.add(new ConfigError("origin", "must be an object with host and port, or with srv"));
            return null;
        }
        unknownFields(o, ORIGIN_FIELDS, "origin.", errors);
        if (o.containsKey("srv")) {
            return srvOrigin(o, errors);
        }
        String host = string(o, "host", "origin.", errors);
        if (host != null && !HOST_NAME.matcher(host).matches()) {
            errors.add(new ConfigError("origin.host", "must be a lower-case DNS name, was '" + host + "'"));
        }
        int port = integer(o, "port", "origin.", 1, 65535, errors).orElse(0);
        if (!o.containsKey("port")) {
            errors.add(new ConfigError("origin.port", "is required (1-65535)"));
        }
        return withPool(o, host, port, false, pin(o, errors), errors);
    }

    /** An origin whose servers and ports come from SRV records: host, port and pinning belong to the targets. */
    private static OriginSpec srvOrigin(JsonObject o, List<ConfigError> errors) {
        String srv = string(o, "srv", "origin.", errors);
        if (srv != null && !SRV_NAME.matcher(srv).matches()) {
            errors.add(new ConfigError("origin.srv", "must be a lower-case SRV name like _http._tcp.origin.example,"
                    + " was '" + srv + "'"));
        }
        for (String field : List.of("host", "port", "pinAddress")) {
            if (o.containsKey(field)) {
                errors.add(new ConfigError("origin." + field, "cannot be combined with origin.srv: the SRV records"
                        + " name the servers and their ports"));
            }
        }
        return withPool(o, srv, 0, true, Optional.empty(), errors);
    }

    private static Optional<String> pin(JsonObject o, List<ConfigError> errors) {
        Optional<String> pin = Optional.empty();
        if (o.containsKey("pinAddress")) {
            String address = string(o, "pinAddress", "origin.", errors);
            if (address != null && !IPV4.matcher(address).matches()) {
                errors.add(new ConfigError("origin.pinAddress", "must be an IPv4 address, was '" + address + "'"));
            }
            pin = Optional.ofNullable(address);
        }
        return pin;
    }

    private static OriginSpec withPool(JsonObject o, String host, int port, boolean srv, Optional<String> pin,
                                       List<ConfigError> errors) {
        return new OriginSpec(host, port, srv, pin,
                optionalDuration(o, "connectTimeout", "origin.", errors),
                optionalDuration(o, "readTimeout", "origin.", errors),
                integer(o, "maxConnections", "origin.", 1, 2_000, errors),
                optionalDuration(o, "maxWait", "origin.", errors),
                integer(o, "breakerFailures", "origin.", 0, 10_000, errors));
    }

    private static List<Rule> rules(Object value, List<ConfigError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_RULES) {
            errors.add(new ConfigError("rules", "must be an array of at most " + MAX_RULES + " rules"));
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "rules[" + i + "].";
            if (!(array.getValue(i) instanceof JsonObject r)) {
                errors.add(new ConfigError("rules[" + i + "]", "must be an object"));
                continue;
            }
            unknownFields(r, RULE_FIELDS, at, errors);
            String name = r.containsKey("name") ? string(r, "name", at, errors) : "rules[" + i + "]";
            Optional<String> prefix = Optional.empty();
            if (r.containsKey("pathPrefix")) {
                String p = string(r, "pathPrefix", at, errors);
                if (p != null && !p.startsWith("/")) {
                    errors.add(new ConfigError(at + "pathPrefix", "must start with '/', was '" + p + "'"));
                }
                prefix = Optional.ofNullable(p);
            }
            Optional<Pattern> regex = Optional.empty();
            if (r.containsKey("pathRegex")) {
                String p = string(r, "pathRegex", at, errors);
                try {
                    regex = Optional.ofNullable(p).map(Pattern::compile);
                } catch (PatternSyntaxException e) {
                    errors.add(new ConfigError(at + "pathRegex", "is not a valid regular expression: "
                            + e.getDescription()));
                }
            }
            Object pass = r.getValue("pass", false);
            if (!(pass instanceof Boolean)) {
                errors.add(new ConfigError(at + "pass", "must be true or false"));
                pass = false;
            }
            rules.add(new Rule(name, prefix, regex, optionalDuration(r, "ttl", at, errors), (Boolean) pass,
                    headers(r, "responseHeaders", at, errors), headers(r, "requestHeaders", at, errors),
                    surrogateKeys(r, at, errors)));
        }
        return List.copyOf(rules);
    }

    private static Map<String, String> headers(JsonObject r, String field, String at, List<ConfigError> errors) {
        Object value = r.getValue(field);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject map)) {
            errors.add(new ConfigError(at + field, "must be an object of header name to value"));
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : map.fieldNames()) {
            Object v = map.getValue(name);
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.add(new ConfigError(at + field + "." + name, "is not a valid header name"));
            } else if (!(v instanceof String s) || s.chars().anyMatch(c -> c < 0x20 && c != '\t') || s.length() > 1024) {
                errors.add(new ConfigError(at + field + "." + name,
                        "must be a string of at most 1024 characters without control characters"));
            } else {
                headers.put(name, s);
            }
        }
        return Map.copyOf(headers);
    }

    private static List<String> surrogateKeys(JsonObject r, String at, List<ConfigError> errors) {
        Object value = r.getValue("surrogateKeys");
        if (value == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (Object k : array) {
                if (k instanceof String s && !s.isBlank() && s.chars().noneMatch(Character::isWhitespace)) {
                    keys.add(s);
                } else {
                    errors.add(new ConfigError(at + "surrogateKeys", "must hold keys without spaces, had " + k));
                }
            }
        } else {
            errors.add(new ConfigError(at + "surrogateKeys", "must be an array of strings"));
        }
        return List.copyOf(keys);
    }

    private static void unknownFields(JsonObject o, Set<String> known, String at, List<ConfigError> errors) {
        for (String field : o.fieldNames()) {
            if (!known.contains(field)) {
                errors.add(new ConfigError(at + field, "is not a known field (known: " + known.stream().sorted().toList() + ")"));
            }
        }
    }

    private static String string(JsonObject o, String field, String at, List<ConfigError> errors) {
        Object value = o.getValue(field);
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        errors.add(new ConfigError(at + field, value == null ? "is required" : "must be a non-empty string"));
        return null;
    }

    private static Optional<Integer> integer(JsonObject o, String field, String at, int min, int max,
                                             List<ConfigError> errors) {
        Object value = o.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer n && n >= min && n <= max) {
            return Optional.of(n);
        }
        errors.add(new ConfigError(at + field, "must be an integer from " + min + " to " + max + ", was " + value));
        return Optional.empty();
    }

    private static Optional<Duration> optionalDuration(JsonObject o, String field, String at, List<ConfigError> errors) {
        Object value = o.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        Duration d = value instanceof String s ? Durations.parse(s) : null;
        if (d == null) {
            errors.add(new ConfigError(at + field, "must be a duration like \"500ms\", \"30s\", \"5m\", \"2h\" or \"7d\", was "
                    + value));
            return Optional.empty();
        }
        return Optional.of(d);
    }

    private static String firstLine(String text) {
        int nl = text == null ? -1 : text.indexOf('\n');
        return nl < 0 ? String.valueOf(text) : text.substring(0, nl);
    }
}
