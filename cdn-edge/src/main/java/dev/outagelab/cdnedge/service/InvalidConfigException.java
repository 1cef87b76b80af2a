package dev.outagelab.cdnedge.service;

import java.util.List;
import java.util.stream.Collectors;

/** A service config that cannot be activated; every problem names its field. */
public class InvalidConfigException extends Exception {

    private final transient List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidConfigException(String field, String message) {
        this(List.of(new ConfigError(field, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
