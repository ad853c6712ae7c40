package org.tillauth.keycloak.bulk;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * An uploaded import file, CSV ({@code text/csv}) or the same rows as a JSON array of objects
 * ({@code application/json}): its rows, or an {@link InvalidFileException} that says why the whole
 * file is refused. Cell-level problems (a control character, too long) are row errors.
 */
final class ImportFile {

  /**
   * Above a 100,000-till file with passwords (about 4 MB), below the 10 MiB that Keycloak's HTTP
   * layer accepts at all ({@code quarkus.http.limits.max-body-size}): a file in between gets this
   * limit in words instead of a bare 413.
   */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  static final int MAX_ROWS = 100_000;
  static final int MAX_CELL = 255;

  static final String TOO_LARGE =
      "The file is larger than 8 MB; split it (at most " + MAX_ROWS + " rows per file)";
  static final String TOO_MANY_ROWS = "The file has more than " + MAX_ROWS + " rows; split it";
  static final String NO_ROWS = "The file has no rows under its header";
  static final String NOT_CSV_OR_JSON =
      "Send the file as text/csv or as application/json (an array of objects)";
  static final String NOT_ARRAY = "A JSON import must be an array of objects";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The whole file is refused: the status to answer with and why. */
  static final class InvalidFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int status;

    InvalidFileException(String message, int status) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /** The file's rows plus the errors of rows that could not even be read. */
  record Rows(List<ImportRow> rows, List<RowError> errors) {}

  private ImportFile() {}

  /**
   * Reads the body as CSV or JSON with these columns (names as written in the docs; CSV headers
   * match them ignoring case), of which {@code required} must be present in a CSV header.
   */
  static Rows read(byte[] body, String contentType, List<String> columns, List<String> required) {
    if (body != null && body.length > MAX_BYTES) {
      throw new InvalidFileException(TOO_LARGE, 413);
    }
    String type =
        contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    String text;
    try {
      text = JsonBodies.text(body, contentType);
    } catch (JsonBodies.InvalidBodyException e) {
      throw new InvalidFileException(e.getMessage(), e.status());
    }
    Rows rows =
        switch (type) {
          case "text/csv", "application/csv", "text/plain" -> csv(text, columns, required);
          case "application/json" -> json(text, columns);
          default -> throw new InvalidFileException(NOT_CSV_OR_JSON, 415);
        };
    if (rows.rows().isEmpty() && rows.errors().isEmpty()) {
      throw new InvalidFileException(NO_ROWS, 400);
    }
    return rows;
  }

  private static Rows csv(String text, List<String> columns, List<String> required) {
    List<Csv.Record> records;
    try {
      records = Csv.parse(text);
    } catch (Csv.MalformedCsvException e) {
      throw new InvalidFileException(e.getMessage(), 400);
    }
    if (records.isEmpty()) {
      throw new InvalidFileException(NO_ROWS, 400);
    }
    if (records.size() - 1 > MAX_ROWS) {
      throw new InvalidFileException(TOO_MANY_ROWS, 400);
    }
    List<String> header = header(records.get(0).fields(), columns, required);
    List<ImportRow> rows = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    for (Csv.Record record : records.subList(1, records.size())) {
      List<String> fields = record.fields();
      if (fields.size() > header.size()) {
        errors.add(
            new RowError(
                record.number(),
                code(fields, header),
                "The row has "
                    + fields.size()
                    + " values but the header has "
                    + header.size()
                    + " columns; quote values that contain a comma"));
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (int c = 0; c < fields.size(); c++) {
        values.put(header.get(c), fields.get(c));
      }
      row(record.number(), values, errors).ifPresent(rows::add);
    }
    return new Rows(rows, errors);
  }

  private static List<String> header(
      List<String> fields, List<String> columns, List<String> required) {
    Map<String, String> known = new HashMap<>();
    columns.forEach(c -> known.put(c.toLowerCase(Locale.ROOT), c));
    List<String> header = new ArrayList<>();
    for (String field : fields) {
      String column = known.get(field.strip().toLowerCase(Locale.ROOT));
      if (column == null) {
        throw new InvalidFileException(
            "Unknown column '"
                + clip(field.strip())
                + "' in the header; the columns are "
                + String.join(", ", columns),
            400);
      }
      if (header.contains(column)) {
        throw new InvalidFileException("Column '" + column + "' appears twice in the header", 400);
      }
      header.add(column);
    }
    for (String column : required) {
      if (!header.contains(column)) {
        throw new InvalidFileException(
            "The header has no column '"
                + column
                + "'; the first line must name the columns, e.g. "
                + String.join(",", columns),
            400);
      }
    }
    return header;
  }

  private static Rows json(String text, List<String> columns) {
    JsonNode array;
    try {
      array = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFileException(NOT_ARRAY, 400);
    }
    if (array == null || !array.isArray()) {
      throw new InvalidFileException(NOT_ARRAY, 400);
    }
    if (array.size() > MAX_ROWS) {
      throw new InvalidFileException(TOO_MANY_ROWS, 400);
    }
    List<ImportRow> rows = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    int number = 0;
    for (JsonNode item : array) {
      number++;
      String code = item.path("code").isTextual() ? clip(item.path("code").asText()) : null;
      if (!item.isObject()) {
        errors.add(new RowError(number, null, "Each item must be a JSON object"));
        continue;
      }
      Map<String, String> values = new HashMap<>();
      String problem = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!columns.contains(field.getKey())) {
          problem =
              "Unknown field '"
                  + clip(field.getKey())
                  + "'; the fields are "
                  + String.join(", ", columns);
          break;
        }
        if (field.getValue().isNull()) {
          continue;
        }
        if (!field.getValue().isTextual()) {
          problem = "Field '" + field.getKey() + "' must be a string";
          break;
        }
        values.put(field.getKey(), field.getValue().asText());
      }
      if (problem != null) {
        errors.add(new RowError(number, code, problem));
        continue;
      }
      row(number, values, errors).ifPresent(rows::add);
    }
    return new Rows(rows, errors);
  }

  /** The row with stripped values (empty: null), or a row error for a cell it cannot hold. */
  private static java.util.Optional<ImportRow> row(
      int number, Map<String, String> raw, List<RowError> errors) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> cell : raw.entrySet()) {
      String value = cell.getValue() == null ? null : Csv.unprotect(cell.getValue().strip());
      if (value == null || value.isEmpty()) {
        continue;
      }
      if (value.length() > MAX_CELL) {
        errors.add(
            new RowError(
                number,
                clip(raw.get("code")),
                "Column '" + cell.getKey() + "' is longer than " + MAX_CELL + " characters"));
        return java.util.Optional.empty();
      }
      if (!JsonBodies.isCleanText(value)) {
        errors.add(
            new RowError(
                number,
                clip(raw.get("code")),
                "Column '"
                    + cell.getKey()
                    + "' contains control characters or unpaired surrogates"));
        return java.util.Optional.empty();
      }
      values.put(cell.getKey(), value);
    }
    return java.util.Optional.of(new ImportRow(number, values));
  }

  private static String code(List<String> fields, List<String> header) {
    int index = header.indexOf("code");
    return index >= 0 && index < fields.size() ? clip(fields.get(index)) : null;
  }

  /** A value echoed in a report: at most 64 characters, so a hostile cell cannot flood it. */
  static String clip(String value) {
    if (value == null) {
      return null;
    }
    String text = value.strip();
    return text.length() > 64 ? text.substring(0, 64) + "…" : text;
  }
}
