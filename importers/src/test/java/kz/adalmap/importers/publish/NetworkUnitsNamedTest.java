package kz.adalmap.importers.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unit a networks field's name says its numbers are in, as utilities and drawings name them. */
class NetworkUnitsNamedTest {

    @Test
    void aUnitAfterACommaABracketASpaceOrAnUnderscore() {
        assertThat(NetworkValidation.unitNamed("voltage_kv", "Напряжение, В")).containsExactly("в", "В");
        assertThat(NetworkValidation.unitNamed("voltage_kv", "Кернеуі, кВ")).containsExactly("кв", "кВ");
        assertThat(NetworkValidation.unitNamed("voltage_kv", "NAPR_KV")).containsExactly("kv", "KV");
        assertThat(NetworkValidation.unitNamed("diameter_mm", "Диаметр (см)")).containsExactly("см", "см");
        assertThat(NetworkValidation.unitNamed("diameter_mm", "Диаметр, м")).containsExactly("м", "м");
        assertThat(NetworkValidation.unitNamed("diameter_mm", "diam_mm")).containsExactly("mm", "mm");
        assertThat(NetworkValidation.unitNamed("capacity", "Мощность, МВт")).containsExactly("мвт", "МВт");
        assertThat(NetworkValidation.unitNamed("capacity", "Мощность, кВт")).containsExactly("квт", "кВт");
        assertThat(NetworkValidation.unitNamed("capacity", "Производительность, м³/ч"))
                .containsExactly("м3/ч", "м³/ч");
        assertThat(NetworkValidation.unitNamed("free_capacity", "Резерв, Гкал/ч"))
                .containsExactly("гкал/ч", "Гкал/ч");
    }

    @Test
    void noUnitWhereTheNameSaysNone() {
        assertThat(NetworkValidation.unitNamed("voltage_kv", "Напряжение")).isNull();
        assertThat(NetworkValidation.unitNamed("voltage_kv", "voltage_kv")).containsExactly("kv", "kv");
        assertThat(NetworkValidation.unitNamed("diameter_mm", "Диаметр трубы")).isNull();
        assertThat(NetworkValidation.unitNamed("diameter_mm", "Диаметрі")).isNull();
        // a unit of another quantity is none of this field's
        assertThat(NetworkValidation.unitNamed("voltage_kv", "Мощность, кВт")).isNull();
        assertThat(NetworkValidation.unitNamed("diameter_mm", "Напряжение, В")).isNull();
        assertThat(NetworkValidation.unitNamed("capacity", "Мощность")).isNull();
        // a name that is the unit alone is no field's name with its unit
        assertThat(NetworkValidation.unitNamed("diameter_mm", "мм")).isNull();
    }
}
