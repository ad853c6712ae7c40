package org.tillauth.keycloak.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes bytes that must be UTF-8, refusing malformed and overlong sequences ({@code C1 A4} for
 * {@code d}), which lenient decoders accept and which would let two byte strings name the same
 * client or till.
 */
public final class StrictUtf8 {

  private StrictUtf8() {}

  /** The text, or empty when the bytes are not well-formed UTF-8. */
  public static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
