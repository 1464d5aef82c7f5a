package kz.adalmap.importers.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingProfileTest {

    @TempDir
    Path dir;

    @Test
    void builtInProfilesLoad() throws Exception {
        MappingProfile cadastre = MappingProfile.load("cadastre-export");
        assertThat(cadastre.fields().get("cadastral_number")).contains("kad_nomer", "кад_номер");
        assertThat(cadastre.values().get("status")).containsEntry("бос", "free").containsEntry("свободен", "free");
        assertThat(MappingProfile.load("demo-plots").fields()).containsKey("status");
        MappingProfile networks = MappingProfile.load("networks");
        assertThat(networks.kind()).isEqualTo("networks");
        assertThat(networks.values().get("kind"))
                .containsEntry("газопровод", "gas")
                .containsEntry("су бұру", "sewerage");
    }

    @Test
    void aSourceFieldAddedIsReadAfterTheProfilesOwnNames() throws Exception {
        MappingProfile cadastre = MappingProfile.load("cadastre-export");
        MappingProfile named = cadastre.withSourceField("cadastral_number", "name");
        assertThat(named.fields().get("cadastral_number"))
                .startsWith(cadastre.fields().get("cadastral_number").toArray(String[]::new))
                .endsWith("name");
        assertThat(named.values()).isEqualTo(cadastre.values());
        assertThat(named.name()).isEqualTo("cadastre-export");
        // another reading of the files, so no file is compared with one read without it
        assertThat(named.sha256()).isNotEqualTo(cadastre.sha256());
    }

    @Test
    void fieldNamesAreComparedAsGdalStoresThem() {
        assertThat(MappingProfile.laundered("KAD NOMER")).isEqualTo("kad_nomer");
        assertThat(MappingProfile.laundered("Кад.Номер")).isEqualTo("кад_номер");
    }

    @Test
    void latinLookAlikesInCyrillicNamesAreTheCyrillicLetters() {
        // the Latin i for «і», as most Kazakh keyboards leave people to type it; Latin c and o
        assertThat(MappingProfile.laundered("мәртебесi")).isEqualTo("мәртебесі");
        assertThat(MappingProfile.laundered("C\u0422\u0410\u0422\u0423C")).isEqualTo("статус");
        assertThat(MappingProfile.laundered("жер_санатыi")).isEqualTo("жер_санатыі");
        // names wholly in Latin letters stay as they are
        assertThat(MappingProfile.laundered("STATUS")).isEqualTo("status");
        assertThat(MappingProfile.laundered("kategor")).isEqualTo("kategor");
        assertThat(MappingProfile.latinInCyrillic("мәртебесi")).isEqualTo("i");
        assertThat(MappingProfile.latinInCyrillic("status_статус")).isEmpty();
    }

    @Test
    void aProfileFileWithValueMapsInEveryCase() throws Exception {
        Path file = Files.writeString(dir.resolve("akimat.json"), """
                {"name": "akimat", "kind": "plots",
                 "fields": {"status": ["СТАТУС"]},
                 "values": {"status": {" Бос ": "free"}},
                 "defaults": {"land_category": "settlement"},
                 "areaUnit": "m2"}
                """);
        MappingProfile p = MappingProfile.load(file.toString());
        assertThat(p.fields().get("status")).containsExactly("статус");
        assertThat(p.values().get("status")).containsEntry("бос", "free");
        assertThat(p.areaUnit()).isEqualTo("m2");
        // a profile that states no unit leaves it to the name of the file's area field
        MappingProfile cadastre = MappingProfile.load("cadastre-export");
        assertThat(cadastre.areaUnit()).isNull();
        assertThat(cadastre.sha256())
                .isNotEqualTo(new MappingProfile(
                                cadastre.name(),
                                cadastre.kind(),
                                null,
                                cadastre.fields(),
                                cadastre.values(),
                                cadastre.defaults(),
                                "ha")
                        .sha256());
    }

    @Test
    void aNetworkKindForAWholeFile() throws Exception {
        MappingProfile networks = MappingProfile.load("networks");
        MappingProfile gas = networks.withNetworkKind("gas");
        assertThat(gas.defaults()).containsEntry("kind", "gas");
        assertThat(gas.sha256()).isNotEqualTo(networks.sha256());
        assertThatThrownBy(() -> networks.withNetworkKind("tram")).hasMessageContaining("unknown network kind 'tram'");
        assertThatThrownBy(() -> MappingProfile.load("cadastre-export").withNetworkKind("gas"))
                .hasMessageContaining("for a networks profile");
        // what the command line and the upload ask for: no profile and a kind is the networks profile
        assertThat(MappingProfile.forImport(null, "gas").sha256()).isEqualTo(gas.sha256());
        assertThat(MappingProfile.forImport(null, null)).isNull();
        assertThat(MappingProfile.forImport("networks", null).sha256()).isEqualTo(networks.sha256());
    }

    @Test
    void mistakesInAProfileAreExplained() throws Exception {
        Path unknownField = Files.writeString(dir.resolve("a.json"), """
                {"name": "a", "kind": "plots", "fields": {"colour": ["cvet"]}}""");
        assertThatThrownBy(() -> MappingProfile.load(unknownField.toString()))
                .hasMessageContaining("unknown plots fields [colour]");
        Path badUnit = Files.writeString(dir.resolve("b.json"), """
                {"name": "b", "kind": "plots", "areaUnit": "acre"}""");
        assertThatThrownBy(() -> MappingProfile.load(badUnit.toString())).hasMessageContaining("areaUnit");
        Path broken = Files.writeString(dir.resolve("c.json"), "{\"name\": ");
        assertThatThrownBy(() -> MappingProfile.load(broken.toString())).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> MappingProfile.load("no-such-profile")).hasMessageContaining("neither a built-in");
    }

    private Path profile(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void aValueMapKeyThatComparesAsNoWordIsRefused() throws Exception {
        for (String key : new String[] {"", " ", "-", "?", "...", " - "}) {
            Path file = profile("empty.json", """
                    {"name": "a", "kind": "plots", "fields": {"status": ["SOST"]},
                     "values": {"status": {"Вакантный": "free", "%s": "free"}}}""".formatted(key));
            assertThatThrownBy(() -> MappingProfile.load(file.toString()))
                    .hasMessageContaining("values.status.\"" + key + "\"")
                    .hasMessageContaining("no word");
        }
    }

    @Test
    void keysThatCompareAlikeButGiveDifferentCodesAreRefused() throws Exception {
        Path colliding = profile("colliding.json", """
                {"name": "a", "kind": "plots",
                 "values": {"status": {"Вакантный": "free", "ВАКАНТНЫЙ.": "withdrawn"}}}""");
        assertThatThrownBy(() -> MappingProfile.load(colliding.toString()))
                .hasMessageContaining("values.status.\"Вакантный\" gives \"free\"")
                .hasMessageContaining("values.status.\"ВАКАНТНЫЙ.\" gives \"withdrawn\"");
        // alike keys with one code say the same thing twice, which is harmless
        Path same = profile("same.json", """
                {"name": "a", "kind": "plots",
                 "values": {"status": {"Вакантный": "free", "вакантный.": "free", "Свобоён": "free", "свобоен": "free"}}}""");
        assertThat(MappingProfile.load(same.toString()).values().get("status")).containsEntry("вакантный", "free");
    }

    @Test
    void aKeyRepeatedInTheJsonIsRefused() throws Exception {
        Path dup = profile("dup.json", """
                {"name": "a", "kind": "plots",
                 "fields": {"status": ["SOST"], "status": ["RASPOL"]}}""");
        assertThatThrownBy(() -> MappingProfile.load(dup.toString())).hasMessageContaining("status");
        assertThatThrownBy(() -> MappingProfile.load(dup.toString()))
                .hasMessageContaining("\"status\" is given twice")
                .hasMessageContaining("line 2");
    }
}
