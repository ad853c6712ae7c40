package org.tillauth.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.support.JsonBodies.InvalidBodyException;

class JsonBodiesTest {

  @Test
  void oneObjectWithEachFieldOnceIsRead() {
    assertThat(JsonBodies.object(" {\"a\":\"x\",\"b\":{\"a\":1}} ").path("a").asText())
        .isEqualTo("x");
  }

  @Test
  void duplicateFieldsAreNamed() {
    assertThatThrownBy(() -> JsonBodies.object("{\"name\":\"a\",\"name\":\"b\"}"))
        .isInstanceOf(InvalidBodyException.class)
        .hasMessage("Field 'name' must appear only once");
  }

  @Test
  void anythingButOneObjectIsRefused() {
    for (String body :
        new String[] {
          "",
          " ",
          "null",
          "[]",
          "\"x\"",
          "1",
          "{",
          "{} x",
          "{}{}",
          "{'a':1}",
          "{/*c*/}",
          "\uFEFF{}",
          "[".repeat(5000) + "]".repeat(5000)
        }) {
      assertThatThrownBy(() -> JsonBodies.object(body))
          .as(body.length() > 20 ? body.substring(0, 20) : body)
          .isInstanceOf(InvalidBodyException.class)
          .hasMessage(JsonBodies.NOT_JSON);
    }
  }

  @Test
  void onlyStrictUtf8IsDecoded() {
    assertThat(JsonBodies.text("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), null))
        .isEqualTo("{\"a\":\"é\"}");
    assertThat(JsonBodies.text(new byte[0], "application/json;charset=\"UTF-8\"")).isEmpty();
    assertThat(JsonBodies.text(null, "application/json; charset=utf8")).isEmpty();
    for (byte[] bad :
        new byte[][] {
          {'"', (byte) 0xC1, (byte) 0xA4, '"'},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xFF}
        }) {
      assertThatThrownBy(() -> JsonBodies.text(bad, "application/json"))
          .isInstanceOf(InvalidBodyException.class)
          .hasMessage(JsonBodies.NOT_UTF8)
          .extracting(e -> ((InvalidBodyException) e).status())
          .isEqualTo(400);
    }
  }

  @Test
  void otherCharsetsAre415() {
    for (String type :
        new String[] {
          "application/json; charset=utf-16",
          "application/json;charset=",
          "application/json; charset=x"
        }) {
      assertThatThrownBy(() -> JsonBodies.text(new byte[] {'{', '}'}, type))
          .as(type)
          .isInstanceOf(InvalidBodyException.class)
          .hasMessage(JsonBodies.CHARSET)
          .extracting(e -> ((InvalidBodyException) e).status())
          .isEqualTo(415);
    }
  }

  @Test
  void cleanTextHasNoControlsAndNoLoneSurrogates() {
    assertThat(JsonBodies.isCleanText("Café \uD83D\uDE00 \u202E ok")).isTrue();
    for (String bad :
        new String[] {"a\u0000", "\t", "\n", "\u007F", "\u0085", "\uD800", "a\uDFFF"}) {
      assertThat(JsonBodies.isCleanText(bad)).as(bad).isFalse();
    }
  }

  @Test
  void lookupSafeIdsHaveNoNulNoLoneSurrogateAndFitTheColumn() {
    assertThat(JsonBodies.isLookupSafe("store.server", 255)).isTrue();
    assertThat(JsonBodies.isLookupSafe("tab\tand \uD83D\uDE00", 255)).isTrue();
    assertThat(JsonBodies.isLookupSafe("x".repeat(255), 255)).isTrue();
    for (String bad : new String[] {"a\u0000", "\u0000", "\uD800", "a\uDFFF", "x".repeat(256)}) {
      assertThat(JsonBodies.isLookupSafe(bad, 255)).as(bad).isFalse();
    }
  }

  @Test
  void aJsonWriteMustSayItIsJson() {
    for (String type :
        new String[] {"application/json", "APPLICATION/JSON", "application/json; charset=UTF-8"}) {
      assertThat(JsonBodies.jsonText("{}".getBytes(StandardCharsets.UTF_8), type)).isEqualTo("{}");
    }
    for (String type : new String[] {null, "", "*/*", "application/*", "text/plain"}) {
      assertThatThrownBy(() -> JsonBodies.jsonText(new byte[0], type))
          .as(String.valueOf(type))
          .isInstanceOf(InvalidBodyException.class)
          .hasMessage("Content-Type must be application/json")
          .satisfies(e -> assertThat(((InvalidBodyException) e).status()).isEqualTo(415));
    }
  }

  @Test
  void namesShowWhatTheyAre() {
    for (String name : new String[] {"store-001", "Kasse Zürich", "\u05D0\u05D1", "a b"}) {
      assertThat(JsonBodies.isVisibleName(name)).as(name).isTrue();
    }
    for (char c :
        new char[] {
          '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D',
          '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\uFEFF'
        }) {
      assertThat(JsonBodies.isVisibleName("store" + c + "100-")).as("U+%04X", (int) c).isFalse();
    }
  }
}
