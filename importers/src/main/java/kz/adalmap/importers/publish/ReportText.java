package kz.adalmap.importers.publish;

import java.util.List;

/** The import report as plain text, for the command line. */
public final class ReportText {

    private ReportText() {}

    public static String diff(LayerImporter.Diff diff) {
        return diff.added() + " added, " + diff.changed() + " changed, " + diff.removed() + " removed, "
                + diff.unchanged() + " unchanged";
    }

    public static String draft(String layer, LayerImporter.Draft draft) {
        return draft(layer, draft, false);
    }

    /** {@code published}: the import published the draft itself, which the caller says. */
    public static String draft(String layer, LayerImporter.Draft draft, boolean published) {
        StringBuilder out = new StringBuilder();
        out.append("layer ")
                .append(layer)
                .append(", draft revision ")
                .append(draft.revisionNumber())
                .append('\n');
        if (draft.read() != null) {
            // the file read, and its layer: in an archive, the file picked out of it
            out.append("  read: ")
                    .append(
                            draft.read().file() == null
                                    ? draft.read().name()
                                    : draft.read().file() + " in "
                                            + draft.read().name())
                    .append(", layer ")
                    .append(draft.read().layer())
                    .append('\n');
        }
        out.append("  features: ")
                .append(draft.features())
                .append(" read, ")
                .append(draft.accepted())
                .append(" accepted, ")
                .append(draft.rejected())
                .append(" rejected, ")
                .append(draft.repaired())
                .append(" repaired, ")
                .append(draft.warnings())
                .append(" with warnings\n");
        out.append("  against the published layer: ").append(diff(draft.diff())).append('\n');
        if (draft.comparedWith() != null) {
            // a networks or other layer's too: its features, not plots
            long differing = draft.comparedWith().rowsDiffering();
            long again = draft.comparedWith().rowsChecked() - differing;
            out.append("  compared with the file of revision ")
                    .append(draft.comparedWith().revision())
                    .append(": ")
                    .append(differing)
                    .append(differing == 1 ? " row differs and was checked" : " rows differ and were checked");
            if (again > 0) {
                // the rows rejected before, and the unchanged ones a changed row may conflict with
                out.append(", and ")
                        .append(again)
                        .append(again == 1 ? " row as it was" : " rows as they were")
                        .append(" checked again (rejected there, or beside a changed row)");
            }
            out.append("; the others keep their features and earlier problems");
            long fewer = draft.comparedWith().rowsFewer();
            if (fewer > 0) {
                // rows missing at its end differ from nothing: without this, a cut-off export reads as
                // a file whose every row is as it was
                out.append("; this file has ")
                        .append(fewer)
                        .append(fewer == 1 ? " row" : " rows")
                        .append(" fewer than that one");
            }
            out.append('\n');
        }
        out.append(issues(draft.issues()));
        if (draft.issues().size() < draft.rejected() + draft.repaired() + draft.warnings()) {
            out.append("  (the first ")
                    .append(draft.issues().size())
                    .append(" problems; all with: report --layer ")
                    .append(layer)
                    .append(" --revision ")
                    .append(draft.revisionNumber())
                    .append(")\n");
        }
        if (published) {
            // the caller says what was published
        } else if (draft.accepted() == 0 && draft.features() > 0) {
            // every feature rejected: publish refuses a draft that would empty the layer, and the
            // plots its rejected rows draw are kept, so the hint to publish would only mislead
            out.append("  nothing to publish: no feature was accepted; correct the rows reported and import again\n");
        } else if (!draft.diff().isEmpty()) {
            // a file warning that publishing must confirm: the command that publishes says so
            boolean toConfirm = draft.issues().stream()
                    .anyMatch(i -> i.row() == null
                            && i.detail() != null
                            && LayerImporter.WARNINGS_TO_CONFIRM.contains(
                                    String.valueOf(i.detail().get("key"))));
            out.append("  publish it with: publish --layer " + layer + " --revision " + draft.revisionNumber()
                    + (toConfirm ? " --confirm (once you have looked: a file warning above asks for it)" : "") + "\n");
        } else if (draft.rejected() > 0) {
            // a layer of networks or of other features has no plots
            out.append("  nothing to publish: the features accepted hold what is already public, and the "
                    + draft.rejected()
                    + (draft.rejected() == 1
                            ? " rejected keeps the public feature it draws as it is; correct it"
                            : " rejected keep the public features they draw as they are; correct them")
                    + " and import again\n");
        } else {
            out.append("  nothing to publish: the file holds what is already public\n");
        }
        return out.toString();
    }

    public static String issues(List<LayerImporter.Issue> issues) {
        StringBuilder out = new StringBuilder();
        for (LayerImporter.Issue issue : issues) {
            out.append("  ")
                    // as the file numbers it: «line 6» of a CSV file, «row 6» of a sheet, «feature 5» otherwise
                    .append(
                            issue.fileRow() == null
                                    ? "file   "
                                    : issue.rowLayer() == null
                                            ? String.format("%s %-4d", issue.rowUnit(), issue.fileRow())
                                            // of several layers read together, the row within its own
                                            : String.format(
                                                    "%s %d of %s", issue.rowUnit(), issue.fileRow(), issue.rowLayer()))
                    .append("  ")
                    .append(String.format("%-8s", issue.severity()))
                    .append("  ")
                    .append(issue.code())
                    .append(": ")
                    .append(issue.message())
                    .append('\n');
        }
        return out.toString();
    }
}
