package org.tillauth.keycloak.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} refuses to send: any
 * method, control characters in header values, bodies that are not valid UTF-8, lying lengths. One
 * request per connection ({@code Connection: close}).
 */
public final class RawHttp {

  private final String host;
  private final int port;

  public RawHttp(URI baseUrl) {
    this.host = baseUrl.getHost();
    this.port = baseUrl.getPort();
  }

  /** A response: status, headers (lower-case names, last value wins), body as UTF-8 text. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  /** A request line, header lines and a body; {@code Host} and {@code Connection} are added. */
  public Response send(String method, String path, List<String[]> headers, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    write(request, (method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
    write(request, ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    write(request, "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
    boolean hasLength = false;
    for (String[] header : headers) {
      hasLength |= header[0].equalsIgnoreCase("Content-Length");
      // Header bytes go out as they are (ISO-8859-1 keeps every char below 256 as one byte).
      write(request, (header[0] + ": " + header[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    if (body != null && !hasLength) {
      write(
          request, ("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    write(request, "\r\n".getBytes(StandardCharsets.US_ASCII));
    if (body != null) {
      write(request, body);
    }
    return exchange(request.toByteArray());
  }

  /** Sends bytes as they are and reads the answer. */
  public Response exchange(byte[] request) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException refusedMidway) {
        // The server may answer (413, 400) and close before reading a large body: read that.
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("Raw request to " + host + ":" + port + " failed", e);
    }
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null || statusLine.length() < 12) {
      throw new IOException("No HTTP status line, got: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = line(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked(in);
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        return body.toByteArray();
      }
      int semicolon = size.indexOf(';');
      int length =
          Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (length == 0) {
        line(in);
        return body.toByteArray();
      }
      body.write(in.readNBytes(length));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b == -1 && line.size() == 0) {
      return null;
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void write(ByteArrayOutputStream out, byte[] bytes) {
    out.write(bytes, 0, bytes.length);
  }

  /** Header list builder: {@code headers("Content-Type", "application/json", ...)}. */
  public static List<String[]> headers(String... namesAndValues) {
    List<String[]> list = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      list.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
    }
    return list;
  }
}
