package kz.adalmap.importers.publish;

import java.util.List;

/** A feature drawn or edited on the map breaks its layer's definition; nothing was saved. */
public final class FeatureRefusedException extends RuntimeException {

    private final List<LayerImporter.Issue> issues;

    FeatureRefusedException(List<LayerImporter.Issue> issues) {
        super("the feature was not saved: "
                + String.join(
                        "; ", issues.stream().map(LayerImporter.Issue::message).toList()));
        this.issues = List.copyOf(issues);
    }

    /** Why, one reason per rule the feature breaks. */
    public List<LayerImporter.Issue> issues() {
        return issues;
    }
}
