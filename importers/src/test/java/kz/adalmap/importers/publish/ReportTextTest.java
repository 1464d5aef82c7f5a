package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTextTest {

    private static final LayerImporter.Issue REJECTED =
            new LayerImporter.Issue(1L, "rejected", "unknown_status", "the status '????' is not known");

    @Test
    void gdalsCommonWarningsAreSaidByKeysItsOthersInItsOwnWords() {
        // as GDAL says them reading a MapInfo number with a decimal comma, and text in another code page
        assertThat(LayerImporter.gdalWarning(
                                "Warning 1: Value '1500000,50' of field plots.Цена parsed incompletely to real 1500000.")
                        .params())
                .containsEntry("key", "gdal_value_read_in_part")
                .containsEntry("value", "1500000,50")
                .containsEntry("field", "plots.Цена")
                .containsEntry("read", "1500000");
        assertThat(LayerImporter.gdalWarning("Warning 1: One or several characters couldn't be converted correctly"
                                + " from CP1251 to UTF-8.  This warning will not be emitted anymore.")
                        .params())
                .containsEntry("key", "gdal_characters_not_converted")
                .containsEntry("from", "CP1251")
                .containsEntry("to", "UTF-8");
        assertThat(LayerImporter.gdalWarning("Warning 1: something else").params())
                .containsEntry("key", "gdal")
                .containsEntry("text", "Warning 1: something else");
    }

    @Test
    void aFileWhoseFeaturesWereAllRejectedIsNotCalledPublicAlready() {
        String text = ReportText.draft("plots-oskemen", draft(0, 1, new LayerImporter.Diff(0, 0, 0, 10)));
        assertThat(text).contains("nothing to publish: no feature was accepted").doesNotContain("already public");
    }

    @Test
    void aDraftWhoseFeaturesWereAllRejectedIsNotOfferedForPublishingEvenWhenItWouldRemovePlots() {
        // rows without a number do not keep a published plot: the draft would take them off the map
        String text = ReportText.draft("plots-oskemen", draft(0, 30, new LayerImporter.Diff(0, 0, 29, 1)));
        assertThat(text).contains("nothing to publish: no feature was accepted").doesNotContain("publish it with");
    }

    @Test
    void theSameFileAgainIsWhatIsPublicAlready() {
        String text = ReportText.draft("plots-oskemen", draft(10, 0, new LayerImporter.Diff(0, 0, 0, 10)));
        assertThat(text).contains("nothing to publish: the file holds what is already public");
    }

    @Test
    void aDiffIsPublishedByRevision() {
        String text = ReportText.draft("plots-oskemen", draft(10, 0, new LayerImporter.Diff(2, 0, 0, 8)));
        assertThat(text).contains("publish it with: publish --layer plots-oskemen --revision 3");
    }

    @Test
    void aPublishedImportDoesNotSayHowToPublishIt() {
        String text = ReportText.draft("plots-oskemen", draft(10, 0, new LayerImporter.Diff(2, 0, 0, 8)), true);
        assertThat(text).doesNotContain("publish it with").doesNotContain("nothing to publish");
    }

    @Test
    void onlyRejectedRowsDifferingIsNotAFileAlreadyPublic() {
        String text = ReportText.draft("plots-oskemen", draft(8, 2, new LayerImporter.Diff(0, 0, 0, 8)));
        assertThat(text)
                .contains("the 2 rejected keep the public features they draw as they are")
                .doesNotContain("the file holds what is already public");
    }

    @Test
    void aReimportSaysHowManyRowsItChecked() {
        LayerImporter.Draft compared =
                compared(draft(10, 0, new LayerImporter.Diff(0, 1, 0, 9)), new LayerImporter.Comparison(2, 1, 1, 0));
        assertThat(ReportText.draft("plots-oskemen", compared))
                .contains(
                        "compared with the file of revision 2: 1 row differs and was checked; the others keep their features"
                                + " and earlier problems");
    }

    @Test
    void aReimportOfTheSameFileSaysNoRowDiffers() {
        // the rows rejected in the earlier file are checked again: they do not differ
        LayerImporter.Draft same =
                compared(draft(7, 3, new LayerImporter.Diff(0, 0, 0, 7)), new LayerImporter.Comparison(2, 3, 0, 0));
        assertThat(ReportText.draft("plots-oskemen", same))
                .contains("compared with the file of revision 2: 0 rows differ and were checked, and 3 rows as they"
                        + " were checked again (rejected there, or beside a changed row); the others keep");
    }

    @Test
    void aReimportOfAFileCutOffSaysHowManyRowsItLacks() {
        LayerImporter.Draft cut =
                compared(draft(7, 0, new LayerImporter.Diff(0, 0, 3, 7)), new LayerImporter.Comparison(2, 0, 0, 3));
        assertThat(ReportText.draft("plots-oskemen", cut))
                .contains("compared with the file of revision 2: 0 rows differ and were checked; the others keep their"
                        + " features and earlier problems; this file has 3 rows fewer than that one\n");
    }

    /** {@code d} compared with the file of an earlier revision as {@code comparison} says. */
    private static LayerImporter.Draft compared(LayerImporter.Draft d, LayerImporter.Comparison comparison) {
        return new LayerImporter.Draft(
                d.revisionId(),
                d.revisionNumber(),
                d.features(),
                d.accepted(),
                d.rejected(),
                d.repaired(),
                d.warnings(),
                d.diff(),
                d.issues(),
                comparison,
                d.read());
    }

    private static LayerImporter.Draft draft(long accepted, long rejected, LayerImporter.Diff diff) {
        return new LayerImporter.Draft(
                42,
                3,
                accepted + rejected,
                accepted,
                rejected,
                0,
                0,
                diff,
                rejected > 0 ? List.of(REJECTED) : List.of(),
                null,
                new LayerImporter.Source("export.zip", "Export/2026/plots.kml", "Участки"));
    }

    @Test
    void saysWhichFileOfAnArchiveWasRead() {
        assertThat(ReportText.draft("plots-oskemen", draft(1, 0, new LayerImporter.Diff(1, 0, 0, 0))))
                .contains("  read: Export/2026/plots.kml in export.zip, layer Участки\n");
    }
}
