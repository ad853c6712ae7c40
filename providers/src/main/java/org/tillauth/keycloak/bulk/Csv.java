package org.tillauth.keycloak.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it and spreadsheets save it: comma-separated, fields in double quotes
 * where they hold a comma, quote or line break ({@code ""} for a quote), CRLF or LF line ends, a
 * UTF-8 byte-order mark tolerated. Blank lines are skipped. The writer also defuses cells a
 * spreadsheet would run as a formula.
 */
final class Csv {

  static final String BOM = "\uFEFF";
  private static final String FORMULA_START = "=+-@\t\r";

  /** A line of the file: its 1-based record number (the header is record 1) and its fields. */
  record Record(int number, List<String> fields) {}

  /** A file that is not CSV: the record it broke on and why. */
  static final class MalformedCsvException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MalformedCsvException(String message) {
      super(message);
    }
  }

  private Csv() {}

  static List<Record> parse(String text) {
    List<Record> records = new ArrayList<>();
    int i = text.startsWith(BOM) ? 1 : 0;
    int n = text.length();
    int number = 0;
    while (i < n) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean blank = true;
      number++;
      while (true) {
        if (i < n && text.charAt(i) == '"' && field.length() == 0) {
          blank = false;
          i++;
          while (true) {
            if (i >= n) {
              throw new MalformedCsvException(
                  "Record " + number + ": a quoted field is not closed");
            }
            char c = text.charAt(i++);
            if (c == '"') {
              if (i < n && text.charAt(i) == '"') {
                field.append('"');
                i++;
              } else {
                break;
              }
            } else {
              field.append(c);
            }
          }
          if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
            throw new MalformedCsvException(
                "Record " + number + ": text after a closing quote; write a quote as \"\"");
          }
        }
        while (i < n) {
          char c = text.charAt(i);
          if (c == ',' || c == '\r' || c == '\n') {
            break;
          }
          if (c == '"') {
            throw new MalformedCsvException(
                "Record " + number + ": a quote inside an unquoted field; quote the field");
          }
          field.append(c);
          blank = false;
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        if (i < n && text.charAt(i) == ',') {
          blank = false;
          i++;
          continue;
        }
        if (i < n && text.charAt(i) == '\r') {
          i++;
        }
        if (i < n && text.charAt(i) == '\n') {
          i++;
        }
        break;
      }
      if (!blank) {
        records.add(new Record(number, List.copyOf(fields)));
      }
    }
    return records;
  }

  /** One CSV line (CRLF-terminated) of these cells. */
  static String line(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append(',');
      }
      line.append(cell(cells.get(c)));
    }
    return line.append("\r\n").toString();
  }

  /**
   * A cell as written: a value a spreadsheet would read as a formula ({@code =}, {@code +}, {@code
   * -}, {@code @}, tab, CR first) gets a leading apostrophe (OWASP's advice), which {@link
   * #unprotect} removes again on import; quoted when it needs to be.
   */
  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String text =
        !value.isEmpty() && FORMULA_START.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0
            || (!text.isEmpty()
                && (text.charAt(0) == ' ' || text.charAt(text.length() - 1) == ' '));
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  /** Undoes the export's formula protection: {@code '=x} is read as {@code =x}. */
  static String unprotect(String value) {
    if (value != null
        && value.length() > 1
        && value.charAt(0) == '\''
        && FORMULA_START.indexOf(value.charAt(1)) >= 0) {
      return value.substring(1);
    }
    return value;
  }
}
