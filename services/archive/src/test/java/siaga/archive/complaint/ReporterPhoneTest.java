package siaga.archive.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReporterPhoneTest {
    @Test
    void storesTheDigitsWithANationalZeroReadAsIndonesia() {
        assertThat(ReporterPhone.normalize("+62 812-3456-7890")).isEqualTo("6281234567890");
        assertThat(ReporterPhone.normalize("0812 3456 7890")).isEqualTo("6281234567890");
        assertThat(ReporterPhone.normalize("62812 3456 7890")).isEqualTo("6281234567890");
        assertThat(ReporterPhone.normalize(null)).isNull();
    }

    @Test
    void readsATypedNumberOnlyWhenItIsOne() {
        assertThat(ReporterPhone.parse("(0351) 462-100")).contains("62351462100");
        assertThat(ReporterPhone.parse("+62.812.3456.7890")).contains("6281234567890");
        assertThat(ReporterPhone.parse("12-34")).isEmpty();
        assertThat(ReporterPhone.parse("0812 3456 7890 1234 5")).isEmpty();
        assertThat(ReporterPhone.parse("call 0812345678")).isEmpty();
        assertThat(ReporterPhone.parse("0812+345678")).isEmpty();
    }
}
