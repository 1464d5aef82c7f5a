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
        // each right as the Land Code names it in Kazakh, with and without «құқығы» (the right of)
        for (String[] right : new String[][] {
            {"Жеке меншік құқығы", "private_ownership"},
            {"Тұрақты жер пайдалану", "permanent_land_use"},
            {"Тұрақты жер пайдалану құқығы", "permanent_land_use"},
            {"Уақытша өтеулі жер пайдалану", "temporary_paid_use"},
            {"Уақытша өтеусіз жер пайдалану құқығы", "temporary_gratuitous_use"}
        }) {
            assertThat(cadastre.values().get("right_type")).containsEntry(MappingProfile.word(right[0]), right[1]);
        }
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

    @Test
    void aRefusedProfileIsNamedOnce() throws Exception {
        Path badUnit = Files.writeString(dir.resolve("akimat-register.json"), """
                {"name": "akimat-register", "kind": "plots", "areaUnit": "acre"}""");
        assertThatThrownBy(() -> MappingProfile.load(badUnit.toString()))
                .hasMessageEndingWith("akimat-register.json is not valid: areaUnit must be \"ha\" or \"m2\", was acre")
                .satisfies(e ->
                        assertThat(e.getMessage().split("akimat-register", -1)).hasSize(2));
        Path noKind = Files.writeString(dir.resolve("akimat-register.json"), """
                {"name": "akimat-register", "fields": {"status": ["SOST"]}}""");
        assertThatThrownBy(() -> MappingProfile.load(noKind.toString()))
                .hasMessageEndingWith("akimat-register.json is not valid: it has no kind: give \"kind\": \"plots\","
                        + " \"networks\" or \"custom\"");
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
    /** The message a profile file holding {@code json} is refused with. */
    private String refusal(String json) throws Exception {
        Path file = profile("p.json", json);
        try {
            MappingProfile.load(file.toString());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("Jackson", "java.", "kz.adalmap", "Exception", "token");
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void mistakesAreNamedByTheirKeyAndPlaceWithoutTheParsersWords() throws Exception {
        assertThat(refusal("null")).contains("holds no profile (null)");
        assertThat(refusal("[]")).contains("holds a list where a profile belongs");
        assertThat(refusal("name: a\nkind: plots\n")).contains("profiles are JSON files in UTF-8 (YAML is not read)");
        assertThat(refusal("{\"name\": \"a\", \"feilds\": {}}"))
                .contains(
                        "unknown key \"feilds\"; the keys are name, kind, description, fields, values, defaults, areaUnit");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"fields\": {\"status\": \"SOST\"}}"))
                .contains("fields.status must be a list of names, e.g. [\"SOST\"]");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"fields\": {\"status\": [null]}}"))
                .contains("fields.status holds null");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"fields\": {\"status\": [1, 2]}}"))
                .contains("fields.status holds 1, which is not a name");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"fields\": {\"status\": [\" \"]}}"))
                .contains("an empty field name in fields.status");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"fields\": {\"status\": null}}"))
                .contains("fields.status must be a list of names");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"status\": null}}"))
                .contains("values.status must be a value map");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"status\": {\"Вакантный\": null}}}"))
                .contains("values.status.\"Вакантный\" must be a code in double quotes");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"defaults\": {\"status\": null}}"))
                .contains("defaults.status must be a code");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\",\n \"fields\": {\"status\": [\"SOST\"],}}"))
                .contains("line 2, column")
                .contains("a key in double quotes is expected");
        assertThat(refusal("{\"name\": \"a\",\n // mine\n \"kind\": \"plots\"}"))
                .contains("line 2, column")
                .contains("JSON has no comments");
        // one field of the file read as two things
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\","
                        + " \"fields\": {\"status\": [\"SOST\"], \"land_category\": [\"sost\"]}}"))
                .contains("field sost is given to status and land_category");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"networks\","
                        + " \"fields\": {\"status\": [\"S\"]}, \"values\": {\"status\": {\"x\": \"free\"}}}"))
                .contains("unknown networks fields [status];");
    }

    @Test
    void aNulCharacterIsRefusedNamingWhere() throws Exception {
        assertThat(refusal("{\"name\": \"akimat\\u0000nul\", \"kind\": \"plots\"}"))
                .contains("NUL character")
                .contains("«akimat…nul», \"name\"");
        assertThat(
                        refusal(
                                "{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"status\": {\"Вака\\u0000нтный\": \"free\"}}}"))
                .contains("«Вака…нтный»")
                .contains("values.status");
        assertThat(refusal(
                        "{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"status\": {\"Бос\": \"fr\\u0000ee\"}}}"))
                .contains("«fr…ee», values.status.\"Бос\"");
    }

    @Test
    void aProfileNotInUtf8IsRefusedSayingSo() throws Exception {
        String json = "{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"status\": {\"Вакантный\": \"free\"}}}";
        Path ansi = dir.resolve("ansi.json");
        Files.write(ansi, json.getBytes(java.nio.charset.Charset.forName("windows-1251")));
        assertThatThrownBy(() -> MappingProfile.load(ansi.toString()))
                .hasMessageContaining("profiles are JSON files in UTF-8 (YAML is not read)")
                .hasMessageContaining("save it again choosing the encoding UTF-8");
        // Notepad's UTF-16 ("Unicode") and UTF-8 with a BOM are read
        Path utf16 = dir.resolve("utf16.json");
        Files.write(utf16, ("\ufeff" + json).getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertThat(MappingProfile.load(utf16.toString()).values().get("status")).containsEntry("вакантный", "free");
        Path bom = dir.resolve("bom.json");
        Files.write(bom, ("\ufeff" + json).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(MappingProfile.load(bom.toString()).values().get("status")).containsEntry("вакантный", "free");
    }

    @Test
    void codesThatNoTableHoldsAreCheckedWhenLoaded() throws Exception {
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"divisible\": {\"Д\": \"да\"}}}"))
                .contains("values.divisible.\"д\" = \"да\" is no code of divisible; the codes are true, false");
        assertThat(refusal("{\"name\": \"a\", \"kind\": \"networks\", \"defaults\": {\"kind\": \"gaz\"}}"))
                .contains("defaults.kind = \"gaz\" is no code of kind; the codes are power, gas");
        // JSON's true and false are divisibility's codes as they are
        Path bool = profile("bool.json", """
                {"name": "a", "kind": "plots", "values": {"divisible": {"Д": true, "Н": false}}}""");
        assertThat(MappingProfile.load(bool.toString()).values().get("divisible"))
                .containsEntry("д", "true");
    }

    @Test
    void aProfileIsBoundedInSizeAndName() throws Exception {
        assertThat(refusal("{\"name\": \"" + "Ж".repeat(5000) + "\", \"kind\": \"plots\"}"))
                .contains("its name is 5000 characters long; a name has at most 100");
        StringBuilder huge = new StringBuilder("{\"name\": \"a\", \"kind\": \"plots\", \"values\": {\"status\": {");
        for (int i = 0; huge.length() < MappingProfile.MAX_BYTES; i++) {
            huge.append("\"word").append(i).append("\": \"free\", ");
        }
        huge.append("\"last\": \"free\"}}}");
        assertThat(refusal(huge.toString())).contains("larger than 1 MB");
    }
}
