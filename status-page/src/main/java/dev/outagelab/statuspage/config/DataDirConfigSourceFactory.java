package dev.outagelab.statuspage.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Turns {@code status.data-dir} (default {@code data}, relative to the working directory) into the H2
 * file URL of the history database. H2 refuses implicitly relative paths, and a properties expression
 * cannot make a path absolute, hence this small factory. An explicit {@code quarkus.datasource.jdbc.url}
 * still wins (this source has a low ordinal).
 */
public class DataDirConfigSourceFactory implements ConfigSourceFactory {

    static final String DATA_DIR = "status.data-dir";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(DATA_DIR);
        String dir = value == null || value.getValue() == null || value.getValue().isBlank() ? "data" : value.getValue();
        Path file = Path.of(dir.trim()).toAbsolutePath().normalize().resolve("status");
        String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
        return List.of(new PropertiesConfigSource(Map.of("quarkus.datasource.jdbc.url", url), "status-data-dir", 90));
    }
}
