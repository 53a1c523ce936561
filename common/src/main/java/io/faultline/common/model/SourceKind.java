package io.faultline.common.model;

/** The three inputs of the contract. {@link #tableValue()} is the value of the {@code source} partition. */
public enum SourceKind {
    PREDICTIONS("predictions"),
    LABELS("labels"),
    DEPLOYMENTS("deployments");

    private final String tableValue;

    SourceKind(String tableValue) {
        this.tableValue = tableValue;
    }

    public String tableValue() {
        return tableValue;
    }
}
