package org.tillauth.keycloak.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded source of hostile inputs for one fuzz case: strings, numbers, JSON values and raw bytes
 * that break encodings, sizes, types and structure. The same seed gives the same inputs, so a
 * failing case is reproduced by its seed alone (see {@link FuzzRun}).
 */
public final class Fuzz {

  /** Characters HTTP header values may not carry (RFC 9110 field-value: no CTL except HTAB). */
  public static boolean hasHeaderControl(String value) {
    return value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F);
  }

  private final Random random;
  private final long seed;
  private final List<String> notes = new ArrayList<>();

  Fuzz(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  public long seed() {
    return seed;
  }

  /** Records what the case sent, for the failure report. */
  public void note(String what, Object value) {
    notes.add(what + "=" + shown(value));
  }

  List<String> notes() {
    return notes;
  }

  public boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** Inclusive bounds. */
  public int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  @SafeVarargs
  public final <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  public <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** One hostile string: a fixed nasty value, a random one, or one of a size around a limit. */
  public String hostileString(int... limits) {
    return switch (random.nextInt(6)) {
      case 0, 1 -> pick(HostileValues.STRINGS);
      case 2 -> randomString(between(0, 40));
      case 3 -> sized(limits);
      case 4 -> pick(HostileValues.NUMBERS);
      default -> mutate(pick(HostileValues.STRINGS));
    };
  }

  /** A string of a length at, just under or just over one of the limits (or 0 / 100 kB). */
  public String sized(int... limits) {
    int size;
    if (limits.length == 0 || chance(0.2)) {
      size = pick(0, 1, 255, 256, 4096, 100_000);
    } else {
      size = Math.max(0, limits[random.nextInt(limits.length)] + between(-1, 1));
    }
    char fill = pick('a', '9', '\u00e9', '.', ' ');
    char[] chars = new char[size];
    Arrays.fill(chars, fill);
    return new String(chars);
  }

  /** Random code points from every plane, controls and surrogate halves included. */
  public String randomString(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0 -> text.append((char) between(0, 0x1F));
        case 1 -> text.append((char) between(0x20, 0x7E));
        case 2 -> text.append((char) between(0x80, 0x2FFF));
        case 3 -> text.append((char) between(0xD800, 0xDFFF));
        default -> text.appendCodePoint(between(0x10000, 0x10FFFF));
      }
    }
    return text.toString();
  }

  /** A near miss of a valid value: padding, case, controls, look-alikes, truncation, repeats. */
  public String mutate(String valid) {
    if (valid.isEmpty()) {
      return pick(" ", "\u0000", "\u3000");
    }
    int at = random.nextInt(valid.length());
    return switch (random.nextInt(12)) {
      case 0 -> " " + valid;
      case 1 -> valid + pick(" ", "\t", "\n", "\r\n", "\u00A0", "\u200B");
      case 2 -> swapCase(valid);
      case 3 ->
          valid.substring(0, at)
              + pick("\u0000", "\u0001", "\u007F", "\u001B")
              + valid.substring(at);
      case 4 -> valid.substring(0, at) + fullWidth(valid.charAt(at)) + valid.substring(at + 1);
      case 5 -> valid.substring(0, at);
      case 6 -> valid.repeat(between(2, 50));
      case 7 -> valid + pick("'", "\"", "\\", "{0}", "%s", "%n", "${x}", "<", ";--", "/", "..");
      case 8 -> valid.substring(0, at) + "\u0301" + valid.substring(at);
      case 9 -> "\u202E" + valid;
      case 10 ->
          valid.substring(0, at)
              + pick("\uD800", "\uDFFF", "\uFFFD", "\uFEFF")
              + valid.substring(at);
      default -> pick("+", "-", "0", "00") + valid;
    };
  }

  /** A JSON value of any type, nested up to {@code depth} levels. */
  public Object jsonValue(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> pick(0, -1, 1, Integer.MAX_VALUE, Long.MIN_VALUE, 1e308, -0.0, 3.5);
      case 3, 4 -> hostileString();
      case 5 -> "";
      case 6 -> {
        List<Object> list = new ArrayList<>();
        for (int i = between(0, 3); i > 0; i--) {
          list.add(jsonValue(depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = between(0, 3); i > 0; i--) {
          map.put(hostileString(), jsonValue(depth - 1));
        }
        yield map;
      }
    };
  }

  /** JSON text nested far beyond what a parser should accept. */
  public String deepJson() {
    int depth = pick(100, 1_001, 5_000);
    String open = pick("[", "{\"a\":");
    String close = open.equals("[") ? "]" : "}";
    return open.repeat(depth) + "1" + close.repeat(depth);
  }

  /** Bytes of an invalid or non-canonical UTF-8 sequence. */
  public byte[] badUtf8() {
    return pick(HostileValues.BAD_UTF8);
  }

  /** {@code text} with a bad UTF-8 sequence spliced in at a random position. */
  public byte[] spliceBadUtf8(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] bad = badUtf8();
    int at = random.nextInt(bytes.length + 1);
    byte[] all = new byte[bytes.length + bad.length];
    System.arraycopy(bytes, 0, all, 0, at);
    System.arraycopy(bad, 0, all, at, bad.length);
    System.arraycopy(bytes, at, all, at + bad.length, bytes.length - at);
    return all;
  }

  private static String swapCase(String value) {
    StringBuilder swapped = new StringBuilder();
    value
        .codePoints()
        .forEach(
            c ->
                swapped.appendCodePoint(
                    Character.isUpperCase(c)
                        ? Character.toLowerCase(c)
                        : Character.toUpperCase(c)));
    return swapped.toString();
  }

  private static String fullWidth(char c) {
    return c >= 0x21 && c <= 0x7E ? String.valueOf((char) (c - 0x21 + 0xFF01)) : "\u3000";
  }

  static String shown(Object value) {
    String text;
    if (value instanceof byte[] bytes) {
      text = "bytes[" + bytes.length + "]:" + hex(bytes, 96);
    } else {
      text = String.valueOf(value);
    }
    StringBuilder shown = new StringBuilder();
    text.codePoints()
        .limit(160)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF) || c > 0x7E) {
                shown.append(String.format("\\u%04X", c));
              } else {
                shown.appendCodePoint(c);
              }
            });
    if (text.length() > 160) {
      shown.append("...(").append(text.length()).append(" chars)");
    }
    return shown.toString();
  }

  private static String hex(byte[] bytes, int limit) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, limit); i++) {
      hex.append(String.format("%02X", bytes[i] & 0xFF));
    }
    return hex + (bytes.length > limit ? "..." : "");
  }
}
