-- Times are epoch milliseconds (UTC), so nothing depends on the JVM's or the database's time zone.
CREATE TABLE component_change (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    component_key VARCHAR(100) NOT NULL,
    component_name VARCHAR(200) NOT NULL,
    status VARCHAR(32) NOT NULL,
    previous VARCHAR(32),
    reason VARCHAR(2000),
    at_ms BIGINT NOT NULL
);
CREATE INDEX component_change_at ON component_change (at_ms);
CREATE INDEX component_change_key ON component_change (component_key, at_ms);

-- One row per component per minute: how many samples, how many failed, the worst status shown.
CREATE TABLE probe_minute (
    component_key VARCHAR(100) NOT NULL,
    minute_ms BIGINT NOT NULL,
    samples INT NOT NULL,
    failures INT NOT NULL,
    worst VARCHAR(32) NOT NULL,
    PRIMARY KEY (component_key, minute_ms)
);

CREATE TABLE incident (
    id VARCHAR(12) PRIMARY KEY,
    name VARCHAR(300) NOT NULL,
    status VARCHAR(32) NOT NULL,
    impact VARCHAR(16) NOT NULL,
    automatic BOOLEAN NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    monitoring_ms BIGINT,
    resolved_ms BIGINT
);

CREATE TABLE incident_component (
    incident_id VARCHAR(12) NOT NULL REFERENCES incident (id),
    component_key VARCHAR(100) NOT NULL,
    PRIMARY KEY (incident_id, component_key)
);

CREATE TABLE incident_update (
    id VARCHAR(12) PRIMARY KEY,
    incident_id VARCHAR(12) NOT NULL REFERENCES incident (id),
    status VARCHAR(32) NOT NULL,
    body VARCHAR(4000) NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX incident_update_incident ON incident_update (incident_id, created_ms);
