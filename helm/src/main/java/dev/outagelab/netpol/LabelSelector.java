package dev.outagelab.netpol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector: every {@code matchLabels} pair and every {@code matchExpressions}
 * requirement must hold. An empty selector selects everything, as {@code podSelector: {}} does.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** Selects every object. */
    public static final LabelSelector ALL = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    public boolean matches(Map<String, String> labels) {
        return matchLabels.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())))
                && matchExpressions.stream().allMatch(requirement -> requirement.matches(labels));
    }

    /** One {@code matchExpressions} entry. */
    public record Requirement(String key, Operator operator, Set<String> values) {

        public Requirement {
            values = Set.copyOf(values);
            boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
            if (needsValues == values.isEmpty()) {
                throw new IllegalArgumentException("matchExpressions key " + key + ": operator " + operator.apiName
                        + (needsValues ? " needs values" : " takes no values"));
            }
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                // NotIn also matches objects without the key, as in Kubernetes.
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    /** The operators of label selector requirements. */
    public enum Operator {
        IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist");

        final String apiName;

        Operator(String apiName) {
            this.apiName = apiName;
        }

        public static Operator parse(String apiName) {
            for (Operator operator : values()) {
                if (operator.apiName.equals(apiName)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("unknown label selector operator " + apiName + " (In, NotIn, Exists, DoesNotExist)");
        }
    }
}
