package dev.outagelab.statuspage.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Statuspage v2 component. Groups are modules ({@code db-node}) and list their children's ids in
 * {@code components}; children are instances and carry no {@code components} key, as in Statuspage.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComponentDto(
        String id,
        String name,
        String status,
        String createdAt,
        String updatedAt,
        int position,
        String description,
        boolean showcase,
        String startDate,
        String groupId,
        String pageId,
        boolean group,
        boolean onlyShowIfDegraded,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> components) {
}
