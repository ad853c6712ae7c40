package org.tillauth.keycloak.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void readsQuotedFieldsLineEndsBomAndSkipsBlankLines() {
    List<Csv.Record> records =
        Csv.parse("\uFEFFa,b\r\n\"x, \"\"y\"\"\",\"multi\nline\"\r\n\r\n,\nlast,one");
    assertThat(records).hasSize(4);
    assertThat(records.get(0).fields()).containsExactly("a", "b");
    assertThat(records.get(1).fields()).containsExactly("x, \"y\"", "multi\nline");
    assertThat(records.get(1).number()).isEqualTo(2);
    assertThat(records.get(2).fields()).containsExactly("", "");
    assertThat(records.get(3).number()).isEqualTo(5);
    assertThat(records.get(3).fields()).containsExactly("last", "one");
  }

  @Test
  void refusesBrokenQuoting() {
    assertThatThrownBy(() -> Csv.parse("a\n\"open"))
        .isInstanceOf(Csv.MalformedCsvException.class)
        .hasMessageContaining("Record 2");
    assertThatThrownBy(() -> Csv.parse("\"a\"b")).hasMessageContaining("after a closing quote");
    assertThatThrownBy(() -> Csv.parse("a\"b")).hasMessageContaining("inside an unquoted field");
  }

  @Test
  void writesFormulasDefusedAndQuotesWhereNeeded() {
    assertThat(Csv.line(List.of("=1+1", "-2", "+x", "@sum", "plain")))
        .isEqualTo("'=1+1,'-2,'+x,'@sum,plain\r\n");
    assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.cell(" padded ")).isEqualTo("\" padded \"");
    assertThat(Csv.cell(null)).isEmpty();
  }

  @Test
  void whatIsWrittenReadsBackAsTheSameValue() {
    for (String value : List.of("=cmd|' /C calc'!A0", "a,\"b\"\nc", "-10", "'quoted", "plain")) {
      String line = Csv.line(List.of(value));
      String read = Csv.parse(line).get(0).fields().get(0);
      assertThat(Csv.unprotect(read)).isEqualTo(value);
    }
  }
}
