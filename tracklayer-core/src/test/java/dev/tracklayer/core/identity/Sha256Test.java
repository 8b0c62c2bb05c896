package dev.tracklayer.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256Test {

  @Test
  void hexIsLowercaseHexOfUtf8() {
    assertThat(Sha256.hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // UTF-8 bytes, not Latin-1 or UTF-16: é is c3 a9.
    assertThat(Sha256.hex("valéry"))
        .isEqualTo("08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c");
    assertThat(Sha256.hex("mary"))
        .isEqualTo("6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec");
  }

  @Test
  void isHexAcceptsEitherCaseOfExactly64HexChars() {
    String h = Sha256.hex("x");
    assertThat(Sha256.isHex(h)).isTrue();
    assertThat(Sha256.isHex(h.toUpperCase())).isTrue();
    assertThat(Sha256.isHex(h.substring(1))).isFalse();
    assertThat(Sha256.isHex(h + "0")).isFalse();
    assertThat(Sha256.isHex("g" + h.substring(1))).isFalse();
    assertThat(Sha256.isHex(null)).isFalse();
  }
}
