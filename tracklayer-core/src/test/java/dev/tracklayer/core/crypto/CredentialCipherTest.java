package dev.tracklayer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private final CredentialCipher cipher = new CredentialCipher(newKey());

  @Test
  void roundTripsAndNeverContainsThePlaintext() {
    String secret = "{\"access_token\":\"EAAB-very-secret\"}";
    byte[] sealed = cipher.encrypt(secret, "m1");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("very-secret");
    assertThat(cipher.decrypt(sealed, "m1")).isEqualTo(secret);
    // a fresh nonce every time
    assertThat(cipher.encryptToBase64(secret, "m1"))
        .isNotEqualTo(cipher.encryptToBase64(secret, "m1"));
  }

  @Test
  void refusesAnotherMerchantAnotherKeyAndTampering() {
    byte[] sealed = cipher.encrypt("secret", "m1");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "m2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CredentialCipher(newKey()).decrypt(sealed, "m1"))
        .isInstanceOf(IllegalArgumentException.class);
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt(sealed, "m1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesKeysOfTheWrongLength() {
    assertThatThrownBy(() -> new CredentialCipher(Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CredentialCipher(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
