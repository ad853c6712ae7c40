package org.tillauth.keycloak.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportFileTest {

  static final List<String> COLUMNS = List.of("code", "store", "password", "md5Digest");
  static final List<String> REQUIRED = List.of("code", "store");

  static ImportFile.Rows read(String body, String type) {
    return ImportFile.read(body.getBytes(StandardCharsets.UTF_8), type, COLUMNS, REQUIRED);
  }

  @Test
  void csvColumnsInAnyOrderAndCaseWithMissingTrailingCells() {
    ImportFile.Rows rows = read("STORE,Code,md5digest\ns1, t1 \ns2,t2,abc\n", "text/csv");
    assertThat(rows.errors()).isEmpty();
    assertThat(rows.rows()).hasSize(2);
    assertThat(rows.rows().get(0).get("code")).isEqualTo("t1");
    assertThat(rows.rows().get(0).get("md5Digest")).isNull();
    assertThat(rows.rows().get(1).get("md5Digest")).isEqualTo("abc");
    assertThat(rows.rows().get(1).number()).isEqualTo(3);
  }

  @Test
  void jsonRowsNumberFromOneAndRefuseOtherFieldsAndTypes() {
    ImportFile.Rows rows =
        read(
            "[{\"code\":\"t1\",\"store\":\"s\"},{\"code\":\"t2\",\"shop\":\"s\"},"
                + "{\"code\":\"t3\",\"store\":1},7]",
            "application/json; charset=utf-8");
    assertThat(rows.rows()).hasSize(1);
    assertThat(rows.errors()).extracting(RowError::row).containsExactly(2, 3, 4);
    assertThat(rows.errors().get(0).error()).startsWith("Unknown field 'shop'");
  }

  @Test
  void wholeFileRefusals() {
    assertThatThrownBy(() -> read("code\nx\n", "text/csv"))
        .hasMessageContaining("no column 'store'");
    assertThatThrownBy(() -> read("code,store\n", "text/csv")).hasMessage(ImportFile.NO_ROWS);
    assertThatThrownBy(() -> read("code,store\na,b\n", "application/xml"))
        .isInstanceOfSatisfying(
            ImportFile.InvalidFileException.class, e -> assertThat(e.status()).isEqualTo(415));
    assertThatThrownBy(() -> read("{}", "application/json")).hasMessage(ImportFile.NOT_ARRAY);
    assertThatThrownBy(
            () ->
                ImportFile.read(new byte[ImportFile.MAX_BYTES + 1], "text/csv", COLUMNS, REQUIRED))
        .isInstanceOfSatisfying(
            ImportFile.InvalidFileException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void reportedValuesAreClipped() {
    assertThat(ImportFile.clip("x".repeat(100))).hasSize(65);
    assertThat(ImportFile.clip(null)).isNull();
  }
}
